// DOM helpers for the console. Text — above all what users typed — only ever goes in through `textContent` or
// `append(string)` (a text node), never through innerHTML: the page's CSP requires Trusted Types with no policy, so
// an innerHTML assignment would throw rather than parse a user's `<img onerror>`.

/** An element with properties (`class`, `text`, `on<event>`, `dataset`, other attributes) and children. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

export const byId = (id) => document.getElementById(id);

/** Shows or hides an element (the `hidden` attribute; the style sheet keeps it authoritative). */
export function show(node, visible) {
  node.hidden = !visible;
}

/** Replaces an element's children. */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
}

/**
 * Calls `draw` only when `key` differs from the last drawn one, so a poll that changed nothing keeps the focus,
 * the selection and the scroll position of what is on screen.
 */
export function drawIfChanged(node, key, draw) {
  if (node.dataset.drawn === key) return;
  node.dataset.drawn = key;
  draw();
}

/** Forgets every drawn key below `root`, so the next render draws again (after a language switch). */
export function forgetDrawn(root) {
  for (const node of root.querySelectorAll('[data-drawn]')) delete node.dataset.drawn;
}
