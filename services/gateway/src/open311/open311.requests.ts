import { CASE_CATEGORIES, checkAttributeAnswers, type AttributeAnswers } from '@yiwang/contracts';
import { DomainError, type ErrorDetail } from '@yiwang/platform';
import { z } from 'zod';
import { parseW3cDate } from './open311.format.js';
import { isServiceCode } from './open311.mapping.js';

/** The most ids one GET requests call may name. */
export const MAX_IDS = 100;

export const open311Errors = {
  badFormat: (format: string) =>
    DomainError.invalid('open311.format', `Unsupported format "${format}": use .json or .xml`),
  unknownService: (code: string) =>
    DomainError.notFound('open311.service_not_found', `There is no service with service_code ${code}`),
  requestNotFound: (id: string) =>
    DomainError.notFound('open311.request_not_found', `There is no service request ${id}`),
  locationRequired: () =>
    DomainError.invalid(
      'open311.location_required',
      'A location is required: lat and long, or address_string from a caller assigned to a unit',
    ),
  outsideGrids: () =>
    DomainError.invalid('open311.location_outside', 'lat/long lies outside every grid of this jurisdiction'),
  invalid: (details: ErrorDetail[]) =>
    DomainError.invalid('open311.invalid', 'The service request is not valid', details),
  wrongJurisdiction: (given: string, served: string | undefined) =>
    DomainError.invalid('open311.jurisdiction', 'This endpoint does not serve that jurisdiction', [
      {
        field: 'jurisdiction_id',
        message: served
          ? `must be ${served} (or left out), not ${given}`
          : `this endpoint serves one jurisdiction: leave jurisdiction_id out (not ${given})`,
      },
    ]),
  publicReadsOff: () =>
    new DomainError(
      'unauthenticated',
      'open311.api_key_required',
      'Reading service requests needs an api_key here (public reads are turned off)',
    ),
  mediaNotFound: () => DomainError.notFound('open311.media_not_found', 'There is no such public media'),
};

/** jurisdiction_id, when given, must name the jurisdiction this endpoint serves (GeoReport: 400 otherwise). */
export function checkJurisdiction(given: unknown, served: string | undefined): void {
  if (given === undefined || given === '') return;
  if (typeof given !== 'string' || given !== served)
    throw open311Errors.wrongJurisdiction(
      typeof given === 'string' ? given.slice(0, 80) : '(given more than once)',
      served,
    );
}

export const open311FormatParam = z.object({ format: z.enum(['json', 'xml']) });

export const requestsQueryDoc = z.object({
  service_request_id: z.string().optional().describe('Comma-separated ids (at most 100)'),
  service_code: z.string().optional().describe('Comma-separated service codes'),
  start_date: z.string().optional().describe('W3C date-time: requested at or after'),
  end_date: z.string().optional().describe('W3C date-time: requested at or before'),
  status: z.string().optional().describe('open, closed or both comma-separated'),
});

export interface RequestsFilter {
  ids: string[];
  serviceCodes: string[];
  statuses: ('open' | 'closed')[];
  startDate: Date | null;
  endDate: Date | null;
}

const list = (value: unknown): string[] =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

export function parseRequestsQuery(query: Record<string, unknown>): RequestsFilter {
  const details: ErrorDetail[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string') details.push({ field: key, message: 'must be given once' });
  }
  const ids = list(query.service_request_id);
  if (ids.length > MAX_IDS) details.push({ field: 'service_request_id', message: `at most ${MAX_IDS} ids` });
  const serviceCodes = list(query.service_code);
  for (const code of serviceCodes) {
    if (!isServiceCode(code))
      details.push({ field: 'service_code', message: `unknown service_code ${code}` });
  }
  const statuses = list(query.status);
  for (const s of statuses) {
    if (s !== 'open' && s !== 'closed') details.push({ field: 'status', message: 'must be open or closed' });
  }
  const date = (field: 'start_date' | 'end_date'): Date | null => {
    const raw = query[field];
    if (typeof raw !== 'string' || raw === '') return null;
    const parsed = parseW3cDate(raw);
    if (!parsed)
      details.push({ field, message: 'must be a W3C date-time such as 2026-11-05T08:15:30+08:00' });
    return parsed;
  };
  const startDate = date('start_date');
  const endDate = date('end_date');
  if (startDate && endDate && startDate > endDate)
    details.push({ field: 'end_date', message: 'must not be before start_date' });
  if (details.length) throw open311Errors.invalid(details);
  return { ids, serviceCodes, statuses: statuses as ('open' | 'closed')[], startDate, endDate };
}

export interface PostRequest {
  serviceCode: string;
  serviceName: string;
  description: string;
  location?: { lat: number; lng: number };
  addressString?: string;
  /** Answers to the service's questions, checked against the catalogue; empty when it asks none. */
  attributes: AttributeAnswers;
}

const formText = z.string().optional();
const coordinate = z.union([z.number(), z.string()]).optional();

/**
 * The GeoReport POST body, from a form or JSON, declared once: the route validates with it (`ValidBody`) and
 * documents it. The fields are text as a form sends them (lat/long may be JSON numbers); an empty field is
 * a field left out. The protocol's rules across fields (location is lat+long or address_string, the
 * service's attribute answers) become field errors, which the Open311 filter answers as GeoReport errors
 * (`attribute[POLE_NUMBER]: is required`); the parsed value is a `PostRequest`.
 */
export const postRequestBody = z
  .looseObject({
    api_key: formText,
    jurisdiction_id: formText,
    service_code: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be given once') })
      .min(1, 'is required')
      .describe('A service_code from services.json'),
    lat: coordinate.describe('WGS84 latitude; with long, or address_string'),
    long: coordinate.describe('WGS84 longitude; with lat'),
    address_string: formText.describe('At most 200 characters'),
    address_id: formText,
    description: z.string().max(4000, 'at most 4000 characters').optional(),
    email: formText,
    device_id: formText,
    account_id: formText,
    first_name: formText,
    last_name: formText,
    phone: formText,
    media_url: formText,
    'attribute[CODE]': formText.describe(
      'Answer to the service definition question CODE; a multivaluelist answer as attribute[CODE][] repeated',
    ),
  })
  .transform((fields, context): PostRequest => {
    const { request, details } = readPostRequest(fields);
    for (const d of details) context.addIssue({ code: 'custom', path: [d.field ?? ''], message: d.message });
    return details.length ? z.NEVER : request!;
  });

/** The GeoReport POST fields as a PostRequest, or the field problems; location is lat+long or address_string. */
function readPostRequest(fields: Record<string, unknown>): {
  request?: PostRequest;
  details: ErrorDetail[];
} {
  const text = (name: string): string | undefined => {
    const value = fields[name];
    if (value === undefined || value === null || value === '') return undefined;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  const details: ErrorDetail[] = [];
  const serviceCode = text('service_code');
  if (!serviceCode) details.push({ field: 'service_code', message: 'is required' });
  else if (!isServiceCode(serviceCode))
    details.push({ field: 'service_code', message: `unknown service_code ${serviceCode}` });
  const description = text('description');
  const addressString = text('address_string')?.trim();
  if (addressString && addressString.length > 200)
    details.push({ field: 'address_string', message: 'at most 200 characters' });
  const latText = text('lat');
  const longText = text('long');
  let location: PostRequest['location'];
  if (latText !== undefined || longText !== undefined) {
    const lat = Number(latText);
    const lng = Number(longText);
    if (latText === undefined || longText === undefined)
      details.push({ field: latText === undefined ? 'lat' : 'long', message: 'lat and long go together' });
    else if (!Number.isFinite(lat) || Math.abs(lat) > 90)
      details.push({ field: 'lat', message: 'must be a WGS84 latitude' });
    else if (!Number.isFinite(lng) || Math.abs(lng) > 180)
      details.push({ field: 'long', message: 'must be a WGS84 longitude' });
    else location = { lat, lng };
  } else if (!addressString) {
    details.push({ field: 'lat', message: 'lat and long, or address_string, is required' });
  }
  let attributes: AttributeAnswers = {};
  if (serviceCode && isServiceCode(serviceCode)) {
    const checked = checkAttributeAnswers(serviceCode, attributeFields(fields));
    attributes = checked.answers;
    for (const p of checked.problems) details.push({ field: `attribute[${p.code}]`, message: p.message });
  }
  if (details.length || !serviceCode) return { details };
  const category = CASE_CATEGORIES[serviceCode as keyof typeof CASE_CATEGORIES];
  return {
    details,
    request: {
      serviceCode,
      serviceName: category.zh,
      description: description ?? '',
      location,
      addressString,
      attributes,
    },
  };
}

/**
 * `attribute[CODE]=v` and `attribute[CODE][]=v` (repeated) form fields, or an `attribute` object in JSON,
 * as code → answer. A repeated plain field counts as several answers (refused unless a multivaluelist).
 */
function attributeFields(fields: Record<string, unknown>): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  const nested = fields.attribute;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) Object.assign(answers, nested);
  for (const [name, value] of Object.entries(fields)) {
    const match = /^attribute\[([^\]]{1,64})\](\[\])?$/.exec(name);
    if (!match) continue;
    answers[match[1]] = match[2] && !Array.isArray(value) ? [value] : value;
  }
  return answers;
}

/** The JSON form of the GeoReport answers (the XML form has the same fields as elements). */
const service = z.strictObject({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});
const serviceRequestDoc = z.strictObject({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable(),
  service_name: z.string().nullable(),
  service_code: z.string(),
  description: z.string().nullable(),
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string().nullable(),
  updated_datetime: z.string().nullable(),
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});
export const servicesDoc = z.array(service);
const attributeDoc = z.strictObject({
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: z.string().nullable(),
  order: z.number().int(),
  description: z.string(),
  values: z.array(z.strictObject({ key: z.string(), name: z.string() })).optional(),
});
export const definitionDoc = z.strictObject({
  service_code: z.string(),
  attributes: z.array(attributeDoc),
});
export const tokensDoc = z.array(z.strictObject({ token: z.string(), service_request_id: z.string() }));
export const discoveryDoc = z.strictObject({
  changeset: z.string(),
  contact: z.string().nullable(),
  key_service: z.string().nullable(),
  endpoints: z.array(
    z.strictObject({
      specification: z.string(),
      url: z.string(),
      changeset: z.string(),
      type: z.enum(['production', 'test']),
      formats: z.array(z.string()),
    }),
  ),
});
export const requestsDoc = z.array(serviceRequestDoc);
export const createdDoc = z.array(
  z.strictObject({
    service_request_id: z.string(),
    service_notice: z.string().nullable(),
    account_id: z.string().nullable(),
  }),
);
