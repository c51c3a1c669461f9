/** Companies: the host product's back office keeps them current; staff read them. */
import * as z from 'zod';
import { companyRecord } from '../../../shared/domain/records.ts';
import { companyPageView } from '../../../shared/domain/views.ts';
import {
  companyIdSchema,
  companyInputSchema,
  companyListQuerySchema,
} from '../../../shared/domain/schemas.ts';
import { err } from './common.ts';
import { defineRoute, type Route } from '../router.ts';

const companyParams = z.object({ id: companyIdSchema });

export const companiesRoutes: Route[] = [
  defineRoute({
    method: 'PUT',
    path: '/api/companies/{id}',
    summary:
      'Create or update a company (staff): fields left out keep their value, null clears one. ' +
      'The same upsert as the SSO `company` claim and the CSV import',
    tag: 'companies',
    params: companyParams,
    auth: 'required',
    body: companyInputSchema,
    responses: {
      200: { description: 'The company as stored', schema: z.object({ company: companyRecord }) },
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not staff'),
      409: err('The company kept changing while it was saved'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: { company: (await runtime.services.companies.upsert(actor, params.id, body)).company },
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/companies/{id}',
    summary: 'One company (staff)',
    tag: 'companies',
    params: companyParams,
    auth: 'required',
    responses: {
      200: { description: 'The company', schema: z.object({ company: companyRecord }) },
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such company'),
    },
    handle: async ({ runtime, actor, params }) => ({
      body: { company: await runtime.services.companies.get(actor, params.id) },
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/companies',
    summary: 'All companies by name, a page at a time (staff)',
    tag: 'companies',
    auth: 'required',
    query: companyListQuerySchema,
    responses: {
      200: {
        description: 'A page of companies',
        schema: z.object({ companies: z.array(companyRecord), nextCursor: z.string().nullable() }),
      },
      400: err('Bad limit or cursor'),
      401: err('Not signed in'),
      403: err('Not staff'),
    },
    handle: async ({ runtime, actor, query }) => ({
      body: await runtime.services.companies.list(actor, query),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/companies/{id}/demand',
    summary:
      'A company as its account owner sees it (staff): its people, what they asked for (latest first), ' +
      'what shipped for it, its open demand',
    tag: 'companies',
    params: companyParams,
    auth: 'required',
    responses: {
      200: { description: "The company's page", schema: companyPageView },
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such company'),
    },
    handle: async ({ runtime, actor, params }) => ({
      body: await runtime.services.demand.company(actor, params.id),
    }),
  }),
];
