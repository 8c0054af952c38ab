import { XMLParser } from 'fast-xml-parser';
import type { Json } from './case-fixture.js';

/** GeoReport v2's datetime: W3C format with an offset or Z. */
export const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

/** The fields of a service request as GeoReport v2 lists them, in order. */
export const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];

/** Parses an XML answer (declaration checked); every element's text stays a string. */
const xml = new XMLParser({ parseTagValue: false, ignoreDeclaration: false, isArray: () => false });
export const parseXml = (text: string): Json => {
  expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  return xml.parse(text) as Json;
};

/** XML has no arrays: one child element parses as an object, none as undefined. */
export const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
