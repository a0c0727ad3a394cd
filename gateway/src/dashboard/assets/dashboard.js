// The coverage dashboard in the browser: plain JavaScript over the public GraphQL API, no build
// step and nothing from a CDN. The queries, columns and colour bands come from the page
// (window.DASHBOARD, printed by gateway/src/dashboard/dashboard.ts from the generated SDK), so
// this file only draws.
'use strict';
(function () {
  const config = window.DASHBOARD;
  const TOKEN_KEY = 'registry.dashboard.token';
  const $ = (id) => document.getElementById(id);
  const state = { org: null, asOf: '', reportDate: '', metric: 'membersShare', data: null };

  // The token lives for the browser tab only; development pre-fills the stack's admin token.
  const stored = sessionStorage.getItem(TOKEN_KEY);
  $('token').value = stored !== null ? stored : config.token || '';

  const params = new URLSearchParams(location.search);
  state.org = params.get('org');
  state.asOf = params.get('asOf') || '';
  state.reportDate = params.get('reportDate') || '';
  $('asOf').value = state.asOf;
  $('reportDate').value = state.reportDate;

  for (const column of config.columns.filter((c) => c.chart)) {
    const option = document.createElement('option');
    option.value = column.key;
    option.textContent = column.chart.label;
    $('metric').append(option);
  }
  $('metric').value = state.metric;
  $('legend').innerHTML = config.bands
    .map((b) => `<span class="swatch" style="background:${b.colour}"></span>${escape(b.label)}`)
    .join(' ');

  function escape(text) {
    return String(text).replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
    );
  }
  function at(figures, path) {
    let value = figures;
    for (const key of path) {
      if (value === null || typeof value !== 'object') return null;
      value = value[key];
    }
    return typeof value === 'number' ? value : null;
  }
  function band(ratio) {
    if (ratio === null) return null;
    return config.bands.find((b) => b.above === null || ratio > b.above) || null;
  }
  function percent(ratio) {
    return ratio === null ? '—' : (ratio * 100).toFixed(2).replace('.', ',') + ' %';
  }
  function count(value) {
    return value === null ? '—' : value.toLocaleString('ru-RU');
  }
  function authHeaders() {
    const token = $('token').value.trim();
    return token ? { authorization: 'Bearer ' + token } : {};
  }

  async function graphql(query, variables) {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders() },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors && body.errors.length > 0)
      throw new Error(
        body.errors
          .map((e) => (e.extensions && e.extensions.code ? e.extensions.code + ': ' : '') + e.message)
          .join('; '),
      );
    return body.data;
  }

  async function load() {
    $('status').textContent = 'Загрузка…';
    document.body.dataset.state = 'loading';
    try {
      if (!state.org) state.org = (await graphql(config.queries.root, {})).root.id;
      const data = await graphql(config.queries.dashboard, {
        id: state.org,
        asOf: state.asOf || null,
        reportDate: state.reportDate || null,
      });
      if (!data.organization) throw new Error('Нет такой организации');
      state.data = data.organization;
      draw();
      $('status').textContent = '';
      document.body.dataset.state = 'ready';
    } catch (error) {
      $('status').textContent = 'Ошибка: ' + error.message;
      document.body.dataset.state = 'error';
    }
  }

  function navigate(org) {
    state.org = org;
    const query = new URLSearchParams({ org });
    if (state.asOf) query.set('asOf', state.asOf);
    if (state.reportDate) query.set('reportDate', state.reportDate);
    history.pushState(null, '', '?' + query.toString());
    load();
  }

  function draw() {
    const org = state.data;
    const coverage = org.coverage || {};
    $('path').innerHTML = [...org.ancestors, org]
      .map((a, i, all) =>
        i === all.length - 1
          ? `<span>${escape(a.name)}</span>`
          : `<a href="?org=${encodeURIComponent(a.id)}" data-org="${escape(a.id)}">${escape(a.name)}</a>`,
      )
      .join(' › ');
    $('summary').innerHTML =
      `<h2 id="title" data-org="${escape(org.id)}">${escape(org.name)} <small>${escape(org.code)}</small></h2>` +
      `<p>На ${escape(coverage.asOf || '—')}, отчёт на ${escape(coverage.reportDate || '—')}</p>` +
      '<div class="tiles">' +
      config.columns
        .filter((c) => c.kind === 'share')
        .map((c) => {
          const value = at(coverage, c.path);
          const b = band(value);
          return `<div class="tile" data-key="${c.key}" style="border-color:${b ? b.colour : '#ccc'}"><b>${percent(value)}</b><span>${escape(c.label)}</span></div>`;
        })
        .join('') +
      '</div>';
    drawChart();
    drawTable();
  }

  function drawChart() {
    const column = config.columns.find((c) => c.key === state.metric);
    const rows = state.data.children;
    const max = Math.max(
      1,
      ...rows.map((r) =>
        column.chart.denominator
          ? Math.max(at(r.coverage, column.chart.denominator) || 0, at(r.coverage, column.chart.numerator) || 0)
          : 1,
      ),
    );
    $('chart').innerHTML =
      rows.length === 0
        ? '<p>Нижестоящих организаций нет.</p>'
        : rows
            .map((r) => {
              const ratio = at(r.coverage, column.path);
              const b = band(ratio);
              const numerator = at(r.coverage, column.chart.numerator);
              const denominator = column.chart.denominator ? at(r.coverage, column.chart.denominator) : 1;
              const outer = column.chart.denominator ? ((denominator || numerator || 0) / max) * 100 : 100;
              const inner = denominator ? Math.min(100, ((numerator || 0) / denominator) * 100) : 0;
              const figures = column.chart.denominator
                ? `${count(numerator)} / ${count(denominator)} · ${percent(ratio)}`
                : percent(ratio);
              const drillable = r.level !== 'PRIMARY';
              return (
                `<div class="bar${drillable ? ' drillable' : ''}" data-org="${escape(r.id)}" data-code="${escape(r.code)}" title="${drillable ? 'Открыть' : ''}">` +
                `<span class="name">${escape(r.name)}</span>` +
                `<span class="track" style="width:${outer.toFixed(1)}%"><span class="fill" style="width:${inner.toFixed(1)}%;background:${b ? b.colour : '#bbb'}"></span></span>` +
                `<span class="figures">${figures}</span></div>`
              );
            })
            .join('');
  }

  function tableRows() {
    const org = state.data;
    return [org, ...org.children].map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      values: config.columns.map((c) => at(r.coverage, c.path)),
    }));
  }

  function drawTable() {
    const head =
      '<thead><tr><th>Код</th><th>Организация</th>' +
      config.columns.map((c) => `<th>${escape(c.label)}</th>`).join('') +
      '</tr></thead>';
    const body = tableRows()
      .map(
        (r, i) =>
          `<tr data-code="${escape(r.code)}"${i === 0 ? ' class="total"' : ''}><td>${escape(r.code)}</td><td>${escape(r.name)}</td>` +
          config.columns
            .map((c, j) => {
              const value = r.values[j];
              const b = c.kind === 'share' ? band(value) : null;
              return `<td data-key="${c.key}" data-value="${value === null ? '' : value}"${b ? ` style="background:${b.colour}33"` : ''}>${c.kind === 'share' ? percent(value) : count(value)}</td>`;
            })
            .join('') +
          '</tr>',
      )
      .join('');
    $('table').innerHTML = head + '<tbody>' + body + '</tbody>';
  }

  function download(blob, name) {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  function exportName(extension) {
    const coverage = state.data.coverage || {};
    return `coverage-${state.data.code}-${coverage.asOf || 'today'}.${extension}`;
  }

  $('csv').addEventListener('click', () => {
    if (!state.data) return;
    const quote = (v) => (/[",\n;]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);
    const lines = [['code', 'name', ...config.columns.map((c) => c.key)].join(',')];
    for (const r of tableRows())
      lines.push([r.code, r.name, ...r.values.map((v) => (v === null ? '' : String(v)))].map(quote).join(','));
    // A byte-order mark, so that spreadsheet programs read the Cyrillic names as UTF-8.
    download(new Blob(['\ufeff' + lines.join('\n') + '\n'], { type: 'text/csv;charset=utf-8' }), exportName('csv'));
  });

  $('xlsx').addEventListener('click', async () => {
    if (!state.data) return;
    const query = new URLSearchParams({ org: state.data.id });
    if (state.asOf) query.set('asOf', state.asOf);
    if (state.reportDate) query.set('reportDate', state.reportDate);
    const response = await fetch('/dashboard/export.xlsx?' + query.toString(), { headers: authHeaders() });
    if (!response.ok) {
      $('status').textContent = 'Ошибка выгрузки: ' + response.status;
      return;
    }
    download(await response.blob(), exportName('xlsx'));
  });

  $('chart').addEventListener('click', (event) => {
    const bar = event.target.closest('.bar.drillable');
    if (bar) navigate(bar.dataset.org);
  });
  $('path').addEventListener('click', (event) => {
    const link = event.target.closest('a[data-org]');
    if (!link) return;
    event.preventDefault();
    navigate(link.dataset.org);
  });
  $('metric').addEventListener('change', () => {
    state.metric = $('metric').value;
    if (state.data) drawChart();
  });
  $('controls').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    state.asOf = $('asOf').value;
    state.reportDate = $('reportDate').value;
    if (state.org) navigate(state.org);
    else load();
  });
  window.addEventListener('popstate', () => {
    const p = new URLSearchParams(location.search);
    state.org = p.get('org');
    load();
  });
  load();
})();
