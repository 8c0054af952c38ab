import { CASE_CATEGORIES, DEPARTMENT_KINDS, type caseV1 } from '@yiwang/contracts';
import { w3cDate, type Node, type XmlShape } from './open311.format.js';

/** GeoReport services are the case categories (事项清单): one service per category code. */
type Category = (typeof CASE_CATEGORIES)[keyof typeof CASE_CATEGORIES];

export const servicesShape: XmlShape = { root: 'services', item: 'service' };
export const definitionShape: XmlShape = {
  root: 'service_definitions',
  item: 'service_definition',
  children: { attributes: 'attribute', values: 'value' },
};
export const requestsShape: XmlShape = { root: 'service_requests', item: 'request' };

export function isServiceCode(code: string): code is keyof typeof CASE_CATEGORIES {
  return Object.prototype.hasOwnProperty.call(CASE_CATEGORIES, code);
}

export function serviceList(): Node[] {
  return Object.entries(CASE_CATEGORIES).map(([code, category]) => service(code, category));
}

function service(code: string, category: Category): Node {
  const department = DEPARTMENT_KINDS[category.department];
  return {
    service_code: code,
    service_name: category.zh,
    description: `${category.zh} (${category.en})`,
    // No extra attributes are asked for: a request needs only the common GeoReport fields.
    metadata: false,
    type: 'realtime',
    keywords: [category.zh, category.en.toLowerCase(), code.replace(/_/g, ' ')].join(','),
    group: department.zh,
  };
}

/**
 * The definition of a service. Every service has `metadata=false`, so its attribute list is empty; the
 * definition still answers (rather than 404) so that clients which always fetch it keep working.
 */
export function serviceDefinition(code: string): Node {
  return { service_code: code, attributes: [] };
}

/** Cases in every state but `closed` are open to a GeoReport client; `closed` is closed. */
export function open311Status(state: string): 'open' | 'closed' {
  return state === 'closed' ? 'closed' : 'open';
}

const STATE_NOTES: Record<string, string> = {
  reported: '已上报 reported',
  registered: '已受理 registered',
  dispatched: '已派单 dispatched',
  accepted: '已接单 accepted',
  returned: '已退单 returned for reassignment',
  in_progress: '处置中 in progress',
  suspended: '已挂起 suspended',
  resolved: '已办结 resolved',
  rated: '已评议 rated',
  closed: '已结案 closed',
};

/**
 * One case as a GeoReport service request. The case carries no street address (an Open311 address goes
 * into its description), no zipcode and no single expected date: those fields are present and empty.
 */
export function serviceRequest(record: caseV1.Case): Node {
  const category = isServiceCode(record.category) ? CASE_CATEGORIES[record.category] : undefined;
  return {
    service_request_id: record.id,
    status: open311Status(record.state),
    status_notes: STATE_NOTES[record.state] ?? record.state,
    service_name: category?.zh ?? record.category,
    service_code: record.category,
    description: record.description || record.title,
    // The responsible department when routed; before that, the kind of department the category goes to.
    agency_responsible: record.departmentCode || (category ? DEPARTMENT_KINDS[category.department].zh : null),
    service_notice: null,
    requested_datetime: w3cDate(record.createdAt),
    updated_datetime: w3cDate(record.updatedAt || record.createdAt),
    expected_datetime: null,
    address: null,
    address_id: null,
    zipcode: null,
    lat: record.location?.lat ?? null,
    long: record.location?.lng ?? null,
    media_url: null,
  };
}
