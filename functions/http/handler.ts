/** Lambda entry for the JSON API (API Gateway HTTP API, payload 2.0). Locally the gateway calls the same function. */
import { loadSecrets } from '../../shared/runtime/secrets.ts';
import { runtimeFromEnv } from '../../shared/runtime/services.ts';
import { observeHttp } from '../../shared/runtime/telemetry.ts';
import { Router } from './router.ts';
import { routes } from './routes.ts';

const router = new Router(routes);

// The router answers every error itself, so a 5xx here is one it mapped; the request line says which.
export const handler = observeHttp(
  { request: 'ApiRequest', clientError: 'Api4xx', serverError: 'Api5xx' },
  async (event) => {
    await loadSecrets();
    return router.handle(event, runtimeFromEnv());
  },
);
