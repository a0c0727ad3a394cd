import type { Express } from 'express';
import { EXAMPLE_QUERIES } from './examples';

/** Browser bundles served from node_modules: the networks the registry runs on have no CDN access. */
const ASSETS: Readonly<Record<string, { module: string; type: string }>> = {
  'react.js': { module: 'react/umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { module: 'react-dom/umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { module: 'graphiql/graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { module: 'graphiql/graphiql.min.css', type: 'text/css' },
};

/**
 * Mounts GraphiQL at `/graphiql`. With `token` (the development stack passes its admin token)
 * the editor's headers are pre-filled, so the example queries work at first try.
 */
export function mountGraphiql(app: Express, options: { token?: string } = {}): void {
  app.get('/graphiql/assets/:file', (req, res) => {
    const asset = ASSETS[req.params.file];
    if (!asset) {
      res.status(404).end();
      return;
    }
    res.type(asset.type).sendFile(require.resolve(asset.module), { maxAge: '1d' });
  });
  app.get('/graphiql', (_req, res) => {
    res.type('text/html').send(page(options.token));
  });
}

function page(token: string | undefined): string {
  const headers = token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : '';
  const tabs = EXAMPLE_QUERIES.map(({ query }) => ({ query, headers }));
  // `</` cannot appear inside an inline script; JSON.stringify does not escape it.
  const config = JSON.stringify({ tabs }).replace(/</g, '\\u003c');
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
    const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).toString() });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultTabs: config.tabs, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;
}
