import { Inject, Injectable } from '@nestjs/common';
import { isPublicCategory, type caseV1 } from '@yiwang/contracts';
import { CONFIG, DomainError, IdentityContext, serviceIdentity, type Identity } from '@yiwang/platform';
import { attachmentDownload } from '../case-attachments/attachment-streams.js';
import { ATTACHMENTS_CLIENT, type AttachmentsClient } from '../downstream/downstream.module.js';
import {
  CASE_CLIENT,
  LOCATION_CLIENT,
  type CaseClient,
  type LocationClient,
} from '../downstream/downstream.module.js';
import type { GatewayConfig } from '../gateway.config.js';
import type { Node } from './open311.format.js';
import { open311Status, serviceRequest } from './open311.mapping.js';
import { open311Errors, type PostRequest, type RequestsFilter } from './open311.requests.js';

/** Who public (anonymous) reads run as: the whole jurisdiction, public fields only. */
const PUBLIC_READER = serviceIdentity('gateway-open311-public');

/** Where the answer's absolute URLs start (scheme://host), for media_url. */
export interface ReadContext {
  origin: string;
}

/** GeoReport: "the default query should return the last 90 days" and at most 1000 requests. */
const DEFAULT_WINDOW_MS = 90 * 24 * 3600_000;
const MAX_RESULTS = 1000;
const PAGE = 200;
/** Pages read per service code: bounds the work of a query reaching far back. */
const MAX_PAGES = 25;

/**
 * Open311 GeoReport v2 in terms of cases: which cases a query finds (by ids, or by walking the case list
 * within the caller's scope), and how a service request becomes a case (its unit from the point, or else the
 * reporter's own unit; its channel from who reports it). The controller only translates the protocol.
 */
@Injectable()
export class Open311Service {
  constructor(
    @Inject(CASE_CLIENT) private readonly cases: CaseClient,
    @Inject(LOCATION_CLIENT) private readonly locations: LocationClient,
    @Inject(ATTACHMENTS_CLIENT) private readonly attachments: AttachmentsClient,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  async findRequests(filter: RequestsFilter, context: ReadContext): Promise<Node[]> {
    return this.asReader(async () => {
      const candidates =
        filter.ids.length > 0
          ? (await Promise.all(filter.ids.map((id) => this.findCase(id)))).filter(
              (c): c is caseV1.Case => c !== null,
            )
          : await this.search(filter);
      return candidates
        .filter((c) => isPublicCategory(c.category) && matches(c, filter))
        .map((c) => serviceRequest(c, mediaUrl(context)));
    });
  }

  async findRequest(id: string, context: ReadContext): Promise<Node> {
    return this.asReader(async () => {
      const found = await this.findCase(id);
      if (!found || !isPublicCategory(found.category)) throw open311Errors.requestNotFound(id);
      return serviceRequest(found, mediaUrl(context));
    });
  }

  /**
   * GeoReport tokens are the Idempotency-Key a client sent with its POST: once the case exists the token
   * names it; before that (or for a key never used) the answer is an empty list, as the specification has
   * it for a request still pending. A caller with credentials finds keys in its own scope.
   */
  async findToken(token: string): Promise<Node[]> {
    return this.asReader(async () => {
      const { cases } = await this.cases.call('listCases', { idempotencyKey: token, limit: 20 });
      return cases
        .filter((c) => isPublicCategory(c.category))
        .map((c) => ({ token, service_request_id: c.id }));
    });
  }

  /** The reporter's first photo of a case, the only attachment public readers get (see media_url). */
  async media(caseId: string, attachmentId: string): Promise<PublicMedia> {
    return this.asReader(async () => {
      const found = await this.findCase(caseId);
      if (!found || !isPublicCategory(found.category) || found.publicAttachmentId !== attachmentId)
        throw open311Errors.mediaNotFound();
      const { attachment, chunks } = await attachmentDownload(this.attachments, caseId, attachmentId);
      return { type: attachment.type, sha256: attachment.sha256, size: attachment.size, chunks };
    });
  }

  /**
   * GeoReport reads need no api_key: anonymous callers read the whole jurisdiction (as the public reader)
   * unless OPEN311_PUBLIC_READS=false. A caller who did give credentials reads in its own scope and needs
   * case:read, as on the rest of the API.
   */
  private asReader<T>(read: () => Promise<T>): Promise<T> {
    const caller = IdentityContext.current();
    if (caller) {
      if (!caller.permissions.includes('case:read'))
        throw new DomainError('forbidden', 'auth.forbidden', 'This needs the case:read permission');
      return read();
    }
    if (!this.config.OPEN311_PUBLIC_READS) throw open311Errors.publicReadsOff();
    return IdentityContext.run(PUBLIC_READER, read);
  }

  /** Reports the request as a case; a retry with the same Idempotency-Key answers the same case. */
  async createRequest(
    input: PostRequest,
    reporter: Identity | null,
    idempotencyKey: string | undefined,
  ): Promise<{ id: string; replayed: boolean }> {
    const unitCode = await this.unitOf(input, reporter);
    const fromSystem = reporter?.kind === 'client' || reporter?.roles.includes('department_system');
    const result = await this.cases.call('createCase', {
      title: titleOf(input),
      description: input.description,
      address: input.addressString,
      attributesJson: Object.keys(input.attributes).length ? JSON.stringify(input.attributes) : undefined,
      category: input.serviceCode,
      channel: fromSystem ? 'department_system' : 'resident',
      unitCode,
      location: input.location,
      // GeoReport v2 has no priority: the case service's default (normal) applies.
      idempotencyKey: idempotencyKey?.slice(0, 200),
    });
    return { id: result.case!.id, replayed: result.replayed };
  }

  /**
   * Requests without ids: the case list (newest first, in the caller's scope) walked page by page per
   * service code until past start_date, at most MAX_RESULTS answers. Without dates, the last 90 days.
   */
  private async search(filter: RequestsFilter): Promise<caseV1.Case[]> {
    const end = filter.endDate ?? new Date();
    const start = filter.startDate ?? new Date(end.getTime() - DEFAULT_WINDOW_MS);
    const onlyClosed = filter.statuses.length === 1 && filter.statuses[0] === 'closed';
    const found: caseV1.Case[] = [];
    for (const category of filter.serviceCodes.length ? filter.serviceCodes : [undefined]) {
      let after: string | undefined;
      for (let page = 0; page < MAX_PAGES && found.length < MAX_RESULTS; page += 1) {
        const { cases, nextCursor } = await this.cases.call('listCases', {
          category,
          state: onlyClosed ? 'closed' : undefined,
          after,
          limit: PAGE,
        });
        // Categories that are not public never count towards the answers.
        found.push(
          ...cases.filter((c) => Date.parse(c.createdAt) >= start.getTime() && isPublicCategory(c.category)),
        );
        const oldest = cases.at(-1);
        if (!nextCursor || !oldest || Date.parse(oldest.createdAt) < start.getTime()) break;
        after = nextCursor;
      }
    }
    return found
      .filter((c) => matches(c, { ...filter, startDate: start, endDate: end }))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
      .slice(0, MAX_RESULTS);
  }

  private async findCase(id: string): Promise<caseV1.Case | null> {
    try {
      return (await this.cases.call('getCase', { id })).case ?? null;
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  /** The point's grid when given; otherwise (address only) the reporter's own unit. */
  private async unitOf(input: PostRequest, reporter: Identity | null): Promise<string> {
    if (input.location) {
      try {
        const { location } = await this.locations.call('resolveLocation', input.location);
        if (location?.found && location.gridCode) return location.gridCode;
      } catch (error) {
        if (!(error instanceof DomainError && error.kind === 'not_found')) throw error;
      }
      throw open311Errors.outsideGrids();
    }
    const scope = reporter?.scopePath;
    if (!scope) throw open311Errors.locationRequired();
    return scope.split('.').pop()!;
  }
}

export interface PublicMedia {
  type: string;
  sha256: string;
  size: number;
  /** The bytes as the case service streams them. */
  chunks: AsyncIterable<Uint8Array>;
}

/**
 * The URL of the case's public photo. Attachment ids are random (UUID v4), so the URL cannot be guessed, and
 * the gateway serves it only while it is still the case's public attachment.
 */
function mediaUrl(context: ReadContext): (c: caseV1.Case) => string | null {
  return (c) =>
    c.publicAttachmentId ? `${context.origin}/open311/v2/media/${c.id}/${c.publicAttachmentId}` : null;
}

function matches(c: caseV1.Case, filter: RequestsFilter): boolean {
  const requested = Date.parse(c.createdAt);
  return (
    (filter.serviceCodes.length === 0 || filter.serviceCodes.includes(c.category)) &&
    (filter.statuses.length === 0 || filter.statuses.includes(open311Status(c.state))) &&
    (!filter.startDate || requested >= filter.startDate.getTime()) &&
    (!filter.endDate || requested <= filter.endDate.getTime())
  );
}

function titleOf(input: PostRequest): string {
  const text = input.description.trim().replace(/\s+/g, ' ');
  const title = text || input.serviceName;
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}
