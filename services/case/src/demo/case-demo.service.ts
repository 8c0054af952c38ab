import { Inject, Injectable } from '@nestjs/common';
import { CASE_CATEGORIES } from '@yiwang/contracts';
import { IdentityContext, type Identity } from '@yiwang/platform';
import { CaseIntakeService } from '../intake/case-intake.service.js';
import type { CaseEntity } from '../intake/case.entity.js';
import type { RawActionParams } from '../lifecycle/action-params.js';
import { CaseTransitionService } from '../lifecycle/case-transition.service.js';
import { GRID_CLIENT, type GridClient } from '../registry/registry-clients.module.js';
import { CaseDemoRepository } from './case-demo.repository.js';
import { planDemo, type PlannedCase } from './demo-plan.js';

export interface DemoOptions {
  district: string;
  seed: number;
  count: number;
}

interface DemoGrid {
  code: string;
  ring: [number, number][];
}

export const DEMO_REPORTER = 'demo:case-reporter';

/** Demo actors: acting as the service (no scope limits), recorded with the role they play. */
const actorAs = (subject: string, role: string, department: string | null = null): Identity => ({
  subject,
  roles: [role],
  permissions: [],
  scopePath: null,
  department,
  kind: 'service',
});

const EMPTY: RawActionParams = {
  reason: '',
  departmentCode: '',
  decision: '',
  result: '',
  evidenceIds: [],
  rating: '',
  comment: '',
  closeReason: '',
  intoCaseId: '',
  subtaskId: '',
  targetUnit: '',
  coHandlers: [],
};

/**
 * A few hundred demo cases across the demo district's grids, in every lifecycle state, driven through the
 * same intake and transition code as the API (so their timelines and events are real). Deterministic from
 * the seed; a re-run finds the cases by their idempotency keys and leaves them alone.
 */
@Injectable()
export class CaseDemoService {
  constructor(
    private readonly intake: CaseIntakeService,
    private readonly transitions: CaseTransitionService,
    private readonly demo: CaseDemoRepository,
    @Inject(GRID_CLIENT) private readonly grids: GridClient,
  ) {}

  async seed(
    options: DemoOptions,
    progress?: (done: number) => void,
  ): Promise<{ created: number; existing: number; byState: Record<string, number> }> {
    const grids = await this.districtGrids(options.district);
    if (grids.length === 0) {
      throw new Error(
        `No grids in ${options.district}: load the registry demo first (npm run registry -- demo)`,
      );
    }
    let created = 0;
    let existing = 0;
    const open: string[] = [];
    for (const planned of planDemo(options.seed, options.count, grids.length)) {
      const grid = grids[planned.grid];
      const { record, replayed } = await IdentityContext.run(actorAs(DEMO_REPORTER, 'grid_worker'), () =>
        this.intake.create({
          title: `演示事件 ${planned.index + 1}`,
          description: '演示数据（npm start 生成）',
          category: planned.category,
          channel: planned.channel,
          unitCode: grid.code,
          location: pointIn(grid.ring, planned.corner, planned.reach),
          idempotencyKey: `demo-${options.seed}-${planned.index}`,
          priority: planned.priority,
        }),
      );
      if (replayed) existing += 1;
      else {
        created += 1;
        await this.drive(record, planned, open);
      }
      if (record.state !== 'closed' && open.length < 50) open.push(record.id);
      progress?.(planned.index + 1);
    }
    return { created, existing, byState: await this.demo.countByState(DEMO_REPORTER) };
  }

  /** Takes a new case along the path to its planned ending. */
  private async drive(record: CaseEntity, plan: PlannedCase, open: string[]): Promise<void> {
    const district = record.unitPath[2];
    const street = record.unitPath[3];
    const dispatcher = actorAs('demo:street-dispatcher', 'street_dispatcher');
    const gridWorker = actorAs('demo:grid-worker', 'grid_worker');
    let department: string | null = null;
    const act = async (identity: Identity, action: string, params: Partial<RawActionParams> = {}) => {
      const next = await IdentityContext.run(identity, () =>
        this.transitions.perform({ caseId: record.id, action, params: { ...EMPTY, ...params } }),
      );
      department = next.departmentCode;
      return next;
    };
    const handler = () => actorAs('demo:department-handler', 'department_handler', department);
    const end = plan.ending;
    if (end === 'reported') return;
    if (end === 'merged') {
      const into = open.find((id) => id !== record.id);
      if (into) await act(dispatcher, 'merge', { intoCaseId: into, reason: '同一事项重复上报' });
      return;
    }
    if (end === 'self_handled') {
      await act(gridWorker, 'register');
      await act(gridWorker, 'start');
      return;
    }
    await act(dispatcher, 'register');
    if (end === 'registered') return;
    if (end === 'invalid') {
      await act(dispatcher, 'close', { closeReason: 'invalid', reason: '经核实不属实' });
      return;
    }
    if (end === 'escalated') {
      await act(gridWorker, 'escalate', { reason: '网格无法解决，提请社区' });
      return;
    }
    if (end === 'joint') {
      await act(gridWorker, 'escalate', { reason: '需社区协调' });
      await act(dispatcher, 'escalate', { reason: '需街道吹哨' });
      await act(dispatcher, 'summon', {
        departmentCode: `${street}-urban_management`,
        coHandlers: [
          { departmentCode: `${street}-police`, task: '现场秩序维护', deadlineWorkingHours: 8 },
          { departmentCode: `${district}-environment`, task: '环境检测', deadlineWorkingHours: 16 },
        ],
      });
      await act(handler(), 'accept');
      await act(handler(), 'start');
      return;
    }
    // A third go straight to the district department (the demo's department user works there).
    const kind = CASE_CATEGORIES[plan.category as keyof typeof CASE_CATEGORIES]?.department;
    await act(
      dispatcher,
      'dispatch',
      plan.index % 3 === 0 && kind ? { departmentCode: `${district}-${kind}` } : {},
    );
    if (end === 'dispatched') return;
    if (end === 'returned') {
      await act(handler(), 'return', { reason: '不属于本单位职责' });
      return;
    }
    await act(handler(), 'accept');
    if (end === 'accepted') return;
    await act(handler(), 'start');
    if (end === 'in_progress') return;
    if (end === 'suspended') {
      await act(handler(), 'request-suspension', { reason: '等待当事人配合' });
      await act(dispatcher, 'approve-suspension');
      return;
    }
    if (end === 'unreasonable') {
      await act(handler(), 'request-unreasonable', { reason: '诉求超出政策范围' });
      await act(dispatcher, 'approve-unreasonable');
      return;
    }
    await act(handler(), 'resolve', { result: '已到现场处理完毕', evidenceIds: [] });
    if (end === 'resolved') return;
    if (end === 'reopened') {
      await act(dispatcher, 'rate', { rating: 'dissatisfied', comment: '问题未彻底解决' });
      return;
    }
    const rating = plan.rating === 'dissatisfied' ? 'basically_satisfied' : plan.rating;
    await act(dispatcher, 'rate', { rating, comment: '' });
    if (end === 'rated') return;
    await act(dispatcher, 'close');
  }

  private async districtGrids(district: string): Promise<DemoGrid[]> {
    const out: DemoGrid[] = [];
    let after: string | undefined;
    do {
      const page = await IdentityContext.run(actorAs('demo:case', 'service'), () =>
        this.grids.call('listGrids', {
          unitCode: district,
          after,
          limit: 500,
          withBoundary: true,
          includeRetired: false,
        }),
      );
      for (const grid of page.grids) {
        const ring = ringOf(grid.boundaryGeojson);
        if (ring) out.push({ code: grid.code, ring });
      }
      after = page.nextCursor;
    } while (after);
    return out.sort((a, b) => a.code.localeCompare(b.code));
  }
}

function ringOf(geojson: string): [number, number][] | null {
  if (!geojson) return null;
  const shape = JSON.parse(geojson) as { type: string; coordinates: unknown };
  const ring =
    shape.type === 'Polygon'
      ? (shape.coordinates as [number, number][][])[0]
      : (shape.coordinates as [number, number][][][])[0]?.[0];
  return ring && ring.length >= 4 ? ring : null;
}

/** A point between the ring's centre and one of its corners: inside, for the convex demo grids. */
function pointIn(ring: [number, number][], corner: number, reach: number): { lat: number; lng: number } {
  const corners = ring.slice(0, -1);
  const [cx, cy] = corners.reduce(
    ([x, y], [a, b]) => [x + a / corners.length, y + b / corners.length],
    [0, 0],
  );
  const [vx, vy] = corners[Math.floor(corner * corners.length) % corners.length];
  return { lng: cx + (vx - cx) * reach, lat: cy + (vy - cy) * reach };
}
