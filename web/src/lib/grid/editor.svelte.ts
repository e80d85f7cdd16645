// The grid editor's state: the community's plans, the open plan (as the server last answered),
// its buildings, the selection and the active cell. Every change goes through the server, which
// answers with the whole plan; a stale version (409) reloads the plan and says so.
import type { BuildingCollection, Comparison, EditRequest, PlanListItem } from '$contract/grid-plans';
import { ApiError } from '../api';
import { t, tDynamic } from '../i18n/index.svelte';
import { type GridPlan, type WorkflowStep, gridApi } from './api';
import { gridError, gridText } from './text';

export type Tool = 'select' | 'paint' | 'draw' | 'split';

export interface Notice {
  kind: 'info' | 'error';
  text: string;
}

export class GridEditor {
  plans = $state.raw<PlanListItem[]>([]);
  plan = $state.raw<GridPlan | null>(null);
  buildings = $state.raw<BuildingCollection | null>(null);
  selected = $state.raw<ReadonlySet<string>>(new Set());
  activeCell = $state<string | null>(null);
  /** Where a drawn outline's buildings go: a cell label, or null for a new cell. */
  drawTarget = $state<string | null>(null);
  chosenCells = $state.raw<string[]>([]);
  tool = $state<Tool>('select');
  busy = $state(false);
  notice = $state<Notice | null>(null);
  comparison = $state.raw<Comparison | null>(null);
  /** What the last publish in this session did (codes, re-pointed responsibilities). */
  lastPublish = $state.raw<GridPlan['publish'] | null>(null);

  constructor(readonly community: string) {}

  /** Building code → cell label in the open plan. */
  get cellOf(): Map<string, string> {
    return new Map((this.plan?.cells ?? []).flatMap((cell) => cell.buildingCodes.map((b) => [b, cell.label] as const)));
  }

  get editable(): boolean {
    return this.plan?.status === 'draft';
  }

  private async run(task: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.notice = null;
    try {
      await task();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'stale_version' && this.plan) {
        await this.open(this.plan.id);
        this.notice = { kind: 'error', text: t('grid.stale') };
      } else {
        this.notice = { kind: 'error', text: gridError(error) };
      }
    } finally {
      this.busy = false;
    }
  }

  async loadPlans(): Promise<void> {
    await this.run(async () => {
      this.plans = await gridApi.list(this.community);
      const first = this.plans.find((p) => p.status === 'draft') ?? this.plans[0];
      if (first && !this.plan) await this.open(first.id);
    });
  }

  async open(id: number): Promise<void> {
    const [plan, buildings] = await Promise.all([
      gridApi.get(id),
      this.buildings && this.plan?.id === id ? this.buildings : gridApi.buildings(id),
    ]);
    this.show(plan);
    this.buildings = buildings;
    this.selected = new Set();
    this.chosenCells = [];
    this.comparison = null;
  }

  private show(plan: GridPlan): void {
    this.plan = plan;
    if (this.activeCell && !plan.cells.some((c) => c.label === this.activeCell)) this.activeCell = null;
    if (this.drawTarget && !plan.cells.some((c) => c.label === this.drawTarget)) this.drawTarget = null;
    this.chosenCells = this.chosenCells.filter((label) => plan.cells.some((c) => c.label === label));
    const item = this.plans.find((p) => p.id === plan.id);
    if (item)
      this.plans = this.plans.map((p) =>
        p.id === plan.id ? { ...p, status: plan.status, version: plan.version, cellCount: plan.cells.length } : p,
      );
  }

  openPlan(id: number): Promise<void> {
    return this.run(() => this.open(id));
  }

  create(from: 'empty' | 'published'): Promise<void> {
    return this.run(async () => this.adopt(await gridApi.create(this.community, from)));
  }

  /** Generates a proposal for the household range, or aiming at `targetCells` cells when given. */
  generate(min: number, max: number, targetCells?: number): Promise<void> {
    return this.run(async () => {
      const plan = await gridApi.generate(this.community, min, max, targetCells);
      await this.adopt(plan);
      const reasons = plan.generation?.reasons ?? [];
      if (reasons.length > 0) this.notice = { kind: 'info', text: reasons.slice(0, 3).map(gridText).join(' · ') };
    });
  }

  private async adopt(plan: GridPlan): Promise<void> {
    this.plans = await gridApi.list(this.community);
    this.buildings = await gridApi.buildings(plan.id);
    this.show(plan);
    this.selected = new Set();
  }

  /** Sends one edit; on success the answer replaces the plan and a short note says what changed. */
  edit(body: EditRequest): Promise<void> {
    const plan = this.plan;
    if (!plan) return Promise.resolve();
    return this.run(async () => {
      const next = await gridApi.edit(plan.id, plan.version, body);
      this.show(next);
      this.selected = new Set();
      this.say(next);
      await this.refreshComparison();
    });
  }

  undo(): Promise<void> {
    const plan = this.plan;
    return plan ? this.run(async () => this.stepped(await gridApi.undo(plan.id, plan.version))) : Promise.resolve();
  }

  redo(): Promise<void> {
    const plan = this.plan;
    return plan ? this.run(async () => this.stepped(await gridApi.redo(plan.id, plan.version))) : Promise.resolve();
  }

  private async stepped(plan: GridPlan): Promise<void> {
    this.show(plan);
    this.say(plan);
    await this.refreshComparison();
  }

  /** An open comparison follows the plan as it is edited. */
  private async refreshComparison(): Promise<void> {
    const published = this.plans.find((p) => p.status === 'published');
    if (this.comparison && this.plan && published) this.comparison = await gridApi.compare(published.id, this.plan.id);
  }

  private say(plan: GridPlan): void {
    const edit = plan.edit;
    if (!edit) return;
    // The count of moves is already in the notice itself.
    const texts = edit.notes
      .filter((note) => note.code !== 'grid.edit.rebalanced')
      .slice(0, 2)
      .map(gridText);
    const notes = texts.length ? ` — ${texts.join(' · ')}` : '';
    this.notice = {
      kind: 'info',
      text: t('grid.edited', { op: tDynamic(`grid.op.${edit.op}`, edit.op), count: edit.movedBuildings }) + notes,
    };
  }

  step(action: WorkflowStep, reason?: string): Promise<void> {
    const plan = this.plan;
    if (!plan) return Promise.resolve();
    return this.run(async () => {
      const next = await gridApi.step(plan.id, plan.version, action, reason);
      this.show(next);
      this.plans = await gridApi.list(this.community);
      if (action === 'publish' && next.publish) {
        this.lastPublish = next.publish;
        this.notice = {
          kind: 'info',
          text: t('grid.published', { cells: next.publish.codes.length, count: next.publish.responsibilities.length }),
        };
      }
    });
  }

  /** Renames the open draft. */
  renamePlan(name: string): Promise<void> {
    const plan = this.plan;
    if (!plan) return Promise.resolve();
    return this.run(async () => {
      this.show(await gridApi.rename(plan.id, plan.version, name));
      this.plans = this.plans.map((p) => (p.id === plan.id ? { ...p, name } : p));
    });
  }

  remove(): Promise<void> {
    const plan = this.plan;
    if (!plan) return Promise.resolve();
    return this.run(async () => {
      await gridApi.remove(plan.id, plan.version);
      this.plan = null;
      this.plans = await gridApi.list(this.community);
      const next = this.plans[0];
      if (next) await this.open(next.id);
    });
  }

  compareWithPublished(): Promise<void> {
    const plan = this.plan;
    const published = this.plans.find((p) => p.status === 'published');
    if (!plan || !published) return Promise.resolve();
    return this.run(async () => {
      this.comparison = await gridApi.compare(published.id, plan.id);
    });
  }

  toggleSelected(codes: readonly string[], add = false): void {
    const next = new Set(add ? this.selected : []);
    if (!add && codes.length === 1 && this.selected.has(codes[0]) && this.selected.size === 1) {
      this.selected = new Set();
      return;
    }
    for (const code of codes) next.add(code);
    this.selected = next;
  }

  chooseCell(label: string, multi: boolean): void {
    this.activeCell = label;
    this.chosenCells = multi
      ? this.chosenCells.includes(label)
        ? this.chosenCells.filter((l) => l !== label)
        : [...this.chosenCells, label]
      : [label];
  }
}
