import {
  CASE_CATEGORIES,
  DEPARTMENT_KINDS,
  categoryAttributes,
  isPublicCategory,
  type caseV1,
} from '@yiwang/contracts';
import { w3cDate, type Node, type XmlShape } from './open311.format.js';

/** GeoReport services are the case categories (事项清单): one service per category code. */
type Category = (typeof CASE_CATEGORIES)[keyof typeof CASE_CATEGORIES];

export const servicesShape: XmlShape = { root: 'services', item: 'service' };
export const definitionShape = {
  root: 'service_definition',
  children: { attributes: 'attribute', values: 'value' },
};
export const requestsShape: XmlShape = { root: 'service_requests', item: 'request' };

/**
 * A GeoReport service is a public category: one marked not public in the catalogue (about a person) is no
 * service at all here — not listed, no definition, not reportable or searchable by its code.
 */
export function isServiceCode(code: string): code is keyof typeof CASE_CATEGORIES {
  return isPublicCategory(code);
}

export function serviceList(): Node[] {
  return Object.entries(CASE_CATEGORIES)
    .filter(([code]) => isServiceCode(code))
    .map(([code, category]) => service(code, category));
}

function service(code: string, category: Category): Node {
  const department = DEPARTMENT_KINDS[category.department];
  return {
    service_code: code,
    service_name: category.zh,
    description: `${category.zh} (${category.en})`,
    // True when the category asks extra questions: the client reads them from the service definition.
    metadata: categoryAttributes(code).length > 0,
    type: 'realtime',
    keywords: [category.zh, category.en.toLowerCase(), code.replace(/_/g, ' ')].join(','),
    group: department.zh,
  };
}

/**
 * The definition of a service: its questions from the catalogue, in GeoReport's field order. A service
 * without questions still answers (an empty list) so that clients which always fetch it keep working.
 */
export function serviceDefinition(code: string): Node {
  return {
    service_code: code,
    attributes: categoryAttributes(code).map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatype_description,
      order: a.order,
      description: a.description,
      // Only list questions have values; the element is left out for the others, as the specification's
      // example shows.
      ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) } : {}),
    })),
  };
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
 * One case as a GeoReport service request: public fields only (never who reported it, never handling notes).
 * `expected_datetime` is the completion deadline once the case is dispatched; `media_url` the reporter's
 * first photo, when `mediaUrl` can name it. The case has no zipcode or address id: those stay empty.
 */
export function serviceRequest(record: caseV1.Case, mediaUrl: (c: caseV1.Case) => string | null): Node {
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
    expected_datetime: w3cDate(record.completionDueAt),
    address: record.address ?? null,
    address_id: null,
    zipcode: null,
    lat: record.location?.lat ?? null,
    long: record.location?.lng ?? null,
    media_url: mediaUrl(record),
  };
}
