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
