// The console's UI strings: both languages arrive in the page's config (locales/{ja,en}/agentConsole.json, as the
// server read them); the agent picks one with the language button, else the browser's language decides.

const STORAGE_KEY = 'agentConsole.locale';
const LOCALES = ['ja', 'en'];

export function createI18n(config) {
  let locale = initialLocale(config.locale);

  /** `key.path` looked up in the current language, `{{name}}` filled from `values`; the key itself when missing. */
  function t(key, values = {}) {
    const found = lookup(config.strings[locale], key);
    if (typeof found !== 'string') return key;
    return found.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name) => (name in values ? String(values[name]) : ''));
  }

  /** A label from a table of known values (`intents.auth_key_missing`), or the raw value when the table lacks it. */
  function label(table, value) {
    const found = lookup(config.strings[locale], `${table}.${value}`);
    return typeof found === 'string' ? found : String(value);
  }

  const has = (key) => typeof lookup(config.strings[locale], key) === 'string';

  /** Fills every `data-i18n` element's text and `data-i18n-placeholder`/`-label` attribute below `root`. */
  function apply(root) {
    document.documentElement.lang = locale;
    for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    for (const node of root.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
    for (const node of root.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  }

  return {
    t,
    label,
    has,
    apply,
    get locale() {
      return locale;
    },
    get other() {
      return locale === 'ja' ? 'en' : 'ja';
    },
    switchTo(next) {
      locale = next;
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // Storage disabled: the choice lasts until the page is reloaded.
      }
    },
  };
}

/** `?lang=`, then the agent's last choice, then the browser's language; the server's pick when none of them says. */
function initialLocale(serverLocale) {
  const fromQuery = new URLSearchParams(location.search).get('lang');
  if (LOCALES.includes(fromQuery)) return fromQuery;
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LOCALES.includes(saved)) return saved;
  } catch {
    // Storage disabled.
  }
  const browser = (navigator.language || '').toLowerCase().split('-')[0];
  return LOCALES.includes(browser) ? browser : serverLocale;
}

function lookup(strings, key) {
  return key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), strings);
}
