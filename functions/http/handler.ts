/** Lambda entry for the JSON API (API Gateway HTTP API, payload 2.0). Locally the gateway calls the same function. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { runtimeFromEnv } from '../../shared/runtime/services.ts';
import { Router } from './router.ts';
import { routes } from './routes.ts';

const router = new Router(routes);

export const handler = (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
  router.handle(event, runtimeFromEnv());
