import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Express } from 'express';
import { EXAMPLE_QUERIES } from './examples';

/** Browser bundles served from node_modules: the networks the registry runs on have no CDN access. */
const ASSETS: Readonly<Record<string, { pkg: string; file: string; type: string }>> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

/**
 * Mounts GraphiQL at `/graphiql`. With `token` (the development stack passes its admin token)
 * the editor's headers are pre-filled, so the example queries work at first try; the page is
 * public, so the gateway passes no token in production.
 */
// Resolved from this package, where the bundles are dependencies; through package.json because
// the packages' `exports` do not list their UMD files.
const requireHere = createRequire(__filename);
const assetPath = (asset: { pkg: string; file: string }): string =>
  join(dirname(requireHere.resolve(`${asset.pkg}/package.json`)), asset.file);

export function mountGraphiql(app: Express, options: { token?: string } = {}): void {
  app.get('/graphiql/assets/:file', (req, res) => {
    const asset = ASSETS[req.params.file];
    if (!asset) {
      res.status(404).end();
      return;
    }
    res.type(asset.type).sendFile(assetPath(asset), { maxAge: '1d' });
  });
  app.get('/graphiql', (_req, res) => {
    res.type('text/html').send(page(options.token));
  });
}

function page(token: string | undefined): string {
  // Development only (the gateway refuses a token in production): every tab carries the header,
  // and `defaultHeaders` fills the editor of any tab that has none (a new tab, one restored from a
  // profile's storage, which keeps no headers unless the user asks GraphiQL to persist them).
  const headers = token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : '';
  const tabs = EXAMPLE_QUERIES.map(({ query, variables }) => ({ query, variables: variables ?? null, headers }));
  // `</` cannot appear inside an inline script; JSON.stringify does not escape it.
  const config = JSON.stringify({ tabs, headers }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <title>Реестр Профсоюза — GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css">
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script>
    const config = ${config};
    const url = new URL('/graphql', location.href).toString();
    ${RESOLVE_VARIABLES}
    resolveVariables(config.tabs).then((tabs) => {
      const fetcher = GraphiQL.createFetcher({ url });
      ReactDOM.createRoot(document.getElementById('graphiql')).render(
        React.createElement(GraphiQL, {
          fetcher,
          defaultTabs: tabs,
          defaultHeaders: config.headers || undefined,
          defaultEditorToolsVisibility: true,
        }),
      );
    });
  </script>
</body>
</html>`;
}

/**
 * Browser code: turns each tab's `{ idOf }` variables into organization ids with one public
 * query, then the variables into the JSON text GraphiQL's Variables pane shows. An organization
 * the registry does not hold (an empty registry) keeps a placeholder that says so.
 */
const RESOLVE_VARIABLES = `async function resolveVariables(tabs) {
      const wanted = [];
      for (const tab of tabs) for (const value of Object.values(tab.variables || {})) {
        if (value && typeof value === 'object' && value.idOf && !wanted.some((w) => JSON.stringify(w) === JSON.stringify(value.idOf))) wanted.push(value.idOf);
      }
      const fields = wanted.map((w, i) => w === 'root' ? 'o' + i + ': root { id }' : 'o' + i + ': organizationByCode(code: ' + JSON.stringify(w.code) + ') { id }');
      let data = {};
      if (fields.length > 0) {
        try {
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ ' + fields.join(' ') + ' }' }) });
          data = (await response.json()).data || {};
        } catch (error) {
          console.warn('Could not look up the example organizations', error);
        }
      }
      const idOf = (w) => {
        const found = data['o' + wanted.findIndex((x) => JSON.stringify(x) === JSON.stringify(w))];
        return found ? found.id : '<no organization ' + (w === 'root' ? 'root' : w.code) + ' in this registry>';
      };
      return tabs.map((tab) => {
        if (!tab.variables) return { query: tab.query, headers: tab.headers };
        const variables = Object.fromEntries(Object.entries(tab.variables).map(([name, value]) => [name, value && typeof value === 'object' && value.idOf ? idOf(value.idOf) : value]));
        return { query: tab.query, headers: tab.headers, variables: JSON.stringify(variables, null, 2) };
      });
    }`;
