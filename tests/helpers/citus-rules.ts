/**
 * The rules a statement must follow to run on a Citus cluster sharded by county
 * (docs/citus.sql), checked on PostgreSQL's own parse tree (libpg-query):
 *
 * - join: in every query block, the distributed tables it reads (its own, and those of an outer
 *   block a correlated subquery refers to) are tied together by equalities on county_code, or
 *   each to the same value (`a.county_code = $1 AND b.county_code = $1`), so the join runs
 *   inside one shard group. Subqueries in FROM and CTEs are blocks of their own (Citus plans
 *   an uncorrelated one separately and joins its result).
 * - insert: an INSERT into a distributed table names county_code (a cluster routes the row by
 *   the value in the statement; a trigger or a generated column is too late), and its ON CONFLICT
 *   target, when it lists columns, includes county_code (the shard's unique index does).
 * - router: an UPDATE or DELETE of a distributed table pins its county_code to a value (or a
 *   list of values) in its WHERE, directly or through a county equality with another table.
 * - reference-write: a write to a reference table reads no distributed table (it would need every
 *   node's rows on every node).
 */
import { isDistributed, isReference, DISTRIBUTION_COLUMN } from '../../server/src/db/distribution';

type Node = Record<string, unknown>;
export type Rule = 'join' | 'insert' | 'router' | 'reference-write';
export interface Violation {
  rule: Rule;
  detail: string;
}

interface Scope {
  id: number;
  /** alias → table, for the tables named in this block's FROM (CTE names excluded). */
  rels: Map<string, string>;
  parent?: Scope;
  /** county equalities of the enclosing blocks, which a correlated subquery may rely on. */
  edges: [string, string][];
}

let scopes = 0;

function isObj(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(n: unknown): string | undefined {
  return isObj(n) && isObj(n.String) ? (n.String.sval as string) : undefined;
}

/** Every value below `node`, depth first, not entering nested query blocks (those are checked on their own). */
function* walk(node: unknown, intoQueries = false): Generator<[string, Node]> {
  if (Array.isArray(node)) {
    for (const item of node) yield* walk(item, intoQueries);
    return;
  }
  if (!isObj(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (!isObj(value) && !Array.isArray(value)) continue;
    if (isObj(value)) yield [key, value];
    if (!intoQueries && isQuery(key)) continue;
    yield* walk(value, intoQueries);
  }
}

const QUERY_KINDS = ['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt'];
const isQuery = (key: string) => QUERY_KINDS.includes(key);

/** A stable text of an expression, without source positions. */
function key(node: unknown): string {
  return JSON.stringify(node, (k, v: unknown) => (k === 'location' ? undefined : v));
}

function conjuncts(expr: unknown): Node[] {
  if (!isObj(expr)) return [];
  const bool = expr.BoolExpr as Node | undefined;
  if (bool && bool.boolop === 'AND_EXPR') return (bool.args as unknown[]).flatMap(conjuncts);
  return [expr];
}

function lookup(scope: Scope | undefined, alias: string): { scope: Scope; table: string } | undefined {
  for (let s = scope; s; s = s.parent) {
    const table = s.rels.get(alias);
    if (table !== undefined) return { scope: s, table };
  }
  return undefined;
}

const relNode = (scope: Scope, alias: string) => `rel:${scope.id}:${alias}`;

/** The distributed relation a column reference names, if it is one. */
function distributedRef(ref: Node, scope: Scope): { node: string; column: string } | undefined {
  const fields = (ref.fields as unknown[]).map(str);
  const column = fields[fields.length - 1];
  if (column === undefined) return undefined;
  if (fields.length >= 2) {
    const found = lookup(scope, fields[fields.length - 2]!);
    return found && isDistributed(found.table) ? { node: relNode(found.scope, fields[fields.length - 2]!), column } : undefined;
  }
  // An unqualified column belongs to the innermost block with tables; it is ours to resolve
  // only when that block has exactly one distributed table.
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (s.rels.size === 0) continue;
    const dist = [...s.rels].filter(([, table]) => isDistributed(table));
    return dist.length === 1 && s.rels.size === 1 ? { node: relNode(s, dist[0][0]), column } : undefined;
  }
  return undefined;
}

/** The county node an operand stands for: a distributed table's county_code, or a value free of distributed columns. */
function countySide(operand: unknown, scope: Scope): string | undefined {
  if (!isObj(operand)) return undefined;
  if (isObj(operand.ColumnRef)) {
    const ref = distributedRef(operand.ColumnRef, scope);
    if (ref) return ref.column === DISTRIBUTION_COLUMN ? ref.node : undefined;
  }
  for (const [k, v] of [['', operand] as [string, Node], ...walk(operand)]) {
    if (k === 'ColumnRef' || isObj(v.ColumnRef)) {
      const ref = distributedRef((k === 'ColumnRef' ? v : v.ColumnRef) as Node, scope);
      if (ref) return undefined;
    }
  }
  return `value:${key(operand)}`;
}

/** County equalities among the conditions: pairs of nodes that share one county. */
function countyEdges(conditions: unknown[], scope: Scope): [string, string][] {
  const edges: [string, string][] = [];
  for (const c of conditions.flatMap(conjuncts)) {
    const e = c.A_Expr as Node | undefined;
    if (!e || str((e.name as unknown[])[0]) !== '=') continue;
    if (e.kind !== 'AEXPR_OP' && e.kind !== 'AEXPR_OP_ANY' && e.kind !== 'AEXPR_IN') continue;
    const left = countySide(e.lexpr, scope);
    const right = countySide(e.rexpr, scope);
    if (!left || !right || (left.startsWith('value:') && right.startsWith('value:'))) continue;
    edges.push([left, e.kind === 'AEXPR_OP' ? right : `list:${right}`]);
  }
  return edges;
}

class UnionFind {
  private readonly up = new Map<string, string>();
  find(x: string): string {
    const p = this.up.get(x);
    if (p === undefined || p === x) return x;
    const root = this.find(p);
    this.up.set(x, root);
    return root;
  }
  union(a: string, b: string): void {
    this.up.set(this.find(a), this.find(b));
  }
}

interface Block {
  scope: Scope;
  conditions: unknown[];
  /** Subqueries in FROM (LATERAL or not) and query blocks inside this block's expressions. */
  expressions: unknown[];
  subqueries: Node[];
  usingCounty: [string[], string[]][];
}

export class CitusChecker {
  readonly violations: Violation[] = [];

  /** Checks one parsed statement (one element of `parse(sql).stmts[i].stmt`). */
  statement(stmt: Node, outer?: Scope, ctes: Set<string> = new Set()): void {
    const [kind, body] = Object.entries(stmt)[0] as [string, Node];
    if (!isQuery(kind)) return;
    const names = new Set(ctes);
    const withClause = body.withClause as Node | undefined;
    for (const cte of (withClause?.ctes as Node[] | undefined) ?? []) {
      const c = cte.CommonTableExpr as Node;
      names.add(c.ctename as string);
      this.statement(c.ctequery as Node, undefined, names);
    }
    if (kind === 'SelectStmt') return this.select(body, outer, names);
    const target = body.relation as Node;
    const table = target.relname as string;
    const alias = ((target.alias as Node | undefined)?.aliasname as string | undefined) ?? table;
    if (isReference(table)) this.referenceWrite(kind, table, body, names);
    if (kind === 'InsertStmt') {
      const cols = ((body.cols as Node[] | undefined) ?? []).map((c) => (c.ResTarget as Node).name as string);
      if (isDistributed(table) && !cols.includes(DISTRIBUTION_COLUMN))
        this.violations.push({ rule: 'insert', detail: `INSERT INTO ${table} does not name ${DISTRIBUTION_COLUMN}` });
      const conflictTarget = ((body.onConflictClause as Node | undefined)?.infer as Node | undefined)?.indexElems as Node[] | undefined;
      if (isDistributed(table) && conflictTarget && !conflictTarget.some((e) => (e.IndexElem as Node).name === DISTRIBUTION_COLUMN))
        this.violations.push({ rule: 'insert', detail: `ON CONFLICT of INSERT INTO ${table} does not name ${DISTRIBUTION_COLUMN}` });
      if (body.selectStmt) this.statement(body.selectStmt as Node, outer, names);
      return;
    }
    const from = (kind === 'UpdateStmt' ? body.fromClause : body.usingClause) as Node[] | undefined;
    const block = this.block(
      [{ RangeVar: target }, ...(from ?? [])],
      [body.whereClause],
      [body.targetList, body.returningList],
      outer,
      names,
    );
    const uf = this.check(block, kind === 'UpdateStmt' ? 'UPDATE' : 'DELETE');
    if (isDistributed(table)) {
      const root = uf.find(relNode(block.scope, alias));
      const pinned = [...this.nodesOf(block)].some((n) => !n.startsWith('rel:') && uf.find(n) === root);
      if (!pinned)
        this.violations.push({
          rule: 'router',
          detail: `${kind === 'UpdateStmt' ? 'UPDATE' : 'DELETE'} of ${table} does not pin ${DISTRIBUTION_COLUMN} to a value`,
        });
    }
  }

  private referenceWrite(kind: string, table: string, body: Node, ctes: Set<string>): void {
    for (const [k, v] of walk(body, true)) {
      if (k !== 'RangeVar' || v === body.relation) continue;
      const name = v.relname as string;
      if (isDistributed(name) && !ctes.has(name))
        this.violations.push({ rule: 'reference-write', detail: `${kind} on reference table ${table} reads distributed ${name}` });
    }
  }

  private select(body: Node, outer: Scope | undefined, ctes: Set<string>): void {
    if (body.op && body.op !== 'SETOP_NONE') {
      this.statement({ SelectStmt: body.larg }, outer, ctes);
      this.statement({ SelectStmt: body.rarg }, outer, ctes);
      return;
    }
    const block = this.block(
      (body.fromClause as Node[] | undefined) ?? [],
      [body.whereClause],
      [body.targetList, body.havingClause, body.groupClause, body.sortClause, body.valuesLists, body.distinctClause],
      outer,
      ctes,
    );
    this.check(block, 'SELECT');
  }

  private block(from: Node[], conditions: unknown[], expressions: unknown[], outer: Scope | undefined, ctes: Set<string>): Block {
    const scope: Scope = { id: ++scopes, rels: new Map(), parent: outer, edges: outer ? [...outer.edges] : [] };
    const block: Block = { scope, conditions: [...conditions], expressions: [...expressions], subqueries: [], usingCounty: [] };
    const add = (item: Node): string[] => {
      if (isObj(item.RangeVar)) {
        const rv = item.RangeVar;
        const name = rv.relname as string;
        if (ctes.has(name) && !rv.schemaname) return [];
        const alias = ((rv.alias as Node | undefined)?.aliasname as string | undefined) ?? name;
        scope.rels.set(alias, name);
        return isDistributed(name) ? [alias] : [];
      }
      if (isObj(item.JoinExpr)) {
        const j = item.JoinExpr;
        const left = add(j.larg as Node);
        const right = add(j.rarg as Node);
        if (j.quals) block.conditions.push(j.quals);
        if (((j.usingClause as unknown[] | undefined) ?? []).map(str).includes(DISTRIBUTION_COLUMN)) block.usingCounty.push([left, right]);
        return [...left, ...right];
      }
      if (isObj(item.RangeSubselect)) block.subqueries.push(item.RangeSubselect.subquery as Node);
      else block.expressions.push(item);
      return [];
    };
    for (const item of from) add(item);
    return block;
  }

  private nodesOf(block: Block): Set<string> {
    const nodes = new Set<string>();
    for (const [alias, table] of block.scope.rels) if (isDistributed(table)) nodes.add(relNode(block.scope, alias));
    for (const [k, v] of walk([block.conditions, block.expressions])) {
      if (k !== 'ColumnRef') continue;
      const ref = distributedRef(v, block.scope);
      if (ref) nodes.add(ref.node);
    }
    for (const [a, b] of countyEdges(block.conditions, block.scope)) {
      nodes.add(a);
      nodes.add(b);
    }
    return nodes;
  }

  /** Checks the join rule on a block and its nested blocks; answers the block's county classes. */
  private check(block: Block, what: string): UnionFind {
    const uf = new UnionFind();
    const edges = countyEdges(block.conditions, block.scope);
    for (const [a, b] of [...block.scope.edges, ...edges]) uf.union(a, b);
    for (const [left, right] of block.usingCounty)
      for (const a of left) for (const b of right) uf.union(relNode(block.scope, a), relNode(block.scope, b));
    block.scope.edges.push(...edges);
    const rels = [...this.nodesOf(block)].filter((n) => n.startsWith('rel:'));
    const classes = new Map<string, string[]>();
    for (const n of rels) classes.set(uf.find(n), [...(classes.get(uf.find(n)) ?? []), n]);
    if (classes.size > 1) {
      const name = (n: string) => {
        const alias = n.split(':')[2];
        const table = lookup(block.scope, alias)?.table ?? alias;
        return table === alias ? table : `${table} ${alias}`;
      };
      this.violations.push({
        rule: 'join',
        detail: `${what} joins ${[...classes.values()].map((c) => c.map(name).join(' = ')).join(' with ')} without a county_code equality`,
      });
    }
    for (const sub of block.subqueries) this.statement(sub, block.scope);
    for (const [k, v] of walk([block.conditions, block.expressions])) if (isQuery(k)) this.statement({ [k]: v }, block.scope);
    return uf;
  }
}
