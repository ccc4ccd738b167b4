// The audit log for supervisors (issue 7 item 5): entries by account or by staff member, newest first, as a table,
// and the same query as a CSV download. The server refuses agents; the page only hides the way in.
import { ApiError } from './api.js';
import { byId, el, fill, show } from './dom.js';
import { formatDateTime } from './format.js';

const COLUMNS = ['at', 'actor', 'role', 'action', 'tenant', 'account', 'reason', 'result', 'detail', 'conversation'];

export function bindAuditView({ api, i18n, notifyError }) {
  const form = byId('audit-form');
  const by = byId('audit-by');
  const status = byId('audit-status');
  const csv = byId('audit-csv');
  /** The last answer, kept so a language switch redraws it. */
  let shown = null;

  function open(visible) {
    show(byId('audit-view'), visible);
    show(byId('console-view'), !visible);
    byId(visible ? 'audit-query' : 'audit-open').focus();
  }

  function query() {
    const value = byId('audit-query').value.trim();
    return by.value === 'staff' ? { staff: value } : { account: value, tenant: byId('audit-tenant').value.trim() };
  }

  function render() {
    show(byId('audit-tenant-label'), by.value === 'account');
    byId('audit-query-label').textContent = i18n.t(by.value === 'staff' ? 'audit.staffId' : 'audit.account');
    fill(byId('audit-columns'), COLUMNS.map((column) => el('th', { scope: 'col', text: i18n.t(`audit.columns.${column}`) })));
    show(byId('audit-table'), Boolean(shown && shown.entries.length > 0));
    if (!shown) return;
    status.textContent = shown.entries.length > 0 ? i18n.t('audit.count', { count: shown.entries.length }) : i18n.t('audit.empty');
    fill(byId('audit-rows'), shown.entries.map((entry) => row(entry)));
  }

  function row(entry) {
    return el(
      'tr',
      { class: `result-${/^\w+$/.test(entry.result ?? '') ? entry.result : 'other'}` },
      COLUMNS.map((column) => {
        const value = entry[column] ?? '';
        if (column === 'at') return el('td', {}, el('time', { datetime: value, text: formatDateTime(value, i18n.locale) || value }));
        if (column === 'result') return el('td', { text: i18n.label('audit.results', value) });
        return el('td', { text: String(value) });
      }),
    );
  }

  async function search() {
    const asked = query();
    const button = byId('audit-search');
    button.disabled = true;
    try {
      const answer = await api.audit(asked);
      shown = { entries: Array.isArray(answer?.entries) ? answer.entries : [] };
      csv.href = api.auditCsvUrl(asked);
      show(csv, true);
    } catch (error) {
      shown = null;
      show(csv, false);
      show(byId('audit-table'), false);
      const code = error instanceof ApiError ? error.status : 0;
      status.textContent = i18n.t(code === 404 ? 'audit.notFound' : code === 400 ? 'audit.badQuery' : code === 403 ? 'errors.status.403' : 'audit.failed');
      // A lost session goes back to the login form; no answer at all is said in the status line too.
      if (!(error instanceof ApiError)) notifyError(error);
    } finally {
      button.disabled = false;
    }
    render();
  }

  byId('audit-open').addEventListener('click', () => open(true));
  byId('audit-close').addEventListener('click', () => open(false));
  by.addEventListener('change', render);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (byId('audit-query').value.trim() !== '') void search();
  });

  return {
    render,
    /** Supervisors see the way in; after a logout or a role change, the view and its rows go. */
    allow(supervisor) {
      show(byId('audit-open'), supervisor);
      if (supervisor) return;
      if (!byId('audit-view').hidden) open(false);
      shown = null;
      fill(byId('audit-rows'));
      status.textContent = '';
      show(csv, false);
      render();
    },
  };
}
