// A solver-independent description of a mixed-integer linear program. Domain models build one
// of these with plain indices; highs.ts turns it into HiGHS's compressed-row arrays. Keeping the
// model as data (not an LP string) avoids name-escaping problems with arbitrary site or option ids
// and lets tests inspect a model without loading WebAssembly.

export type Sense = 'minimize' | 'maximize';

export interface Column {
  lower: number;
  upper: number;
  cost: number;
  integer: boolean;
}

export interface Row {
  lower: number;
  upper: number;
  indices: number[];
  values: number[];
}

/** A term of a linear expression: coefficient times column. */
export type Term = readonly [column: number, coefficient: number];

export class MipModel {
  readonly columns: Column[] = [];
  readonly rows: Row[] = [];

  constructor(readonly sense: Sense) {}

  get columnCount(): number {
    return this.columns.length;
  }

  /** Adds a 0/1 variable and returns its column index. */
  addBinary(cost = 0): number {
    return this.addColumn({ lower: 0, upper: 1, cost, integer: true });
  }

  /** Adds a continuous variable in [lower, upper] and returns its column index. */
  addContinuous(lower: number, upper: number, cost = 0): number {
    return this.addColumn({ lower, upper, cost, integer: false });
  }

  addColumn(column: Column): number {
    this.columns.push({ ...column });
    return this.columns.length - 1;
  }

  /** Fixes a column to a value through its bounds (cheaper for the solver than a row). */
  fix(column: number, value: number): void {
    const target = this.columns[column];
    if (!target) throw new RangeError(`column ${column} does not exist`);
    target.lower = value;
    target.upper = value;
  }

  /**
   * Adds lower <= sum(terms) <= upper. Repeated columns are merged because HiGHS rejects a row
   * that lists a column twice; zero coefficients are dropped.
   */
  addRow(terms: Iterable<Term>, lower: number, upper: number): number {
    const merged = new Map<number, number>();
    for (const [column, coefficient] of terms) {
      if (column < 0 || column >= this.columns.length) {
        throw new RangeError(`row refers to missing column ${column}`);
      }
      merged.set(column, (merged.get(column) ?? 0) + coefficient);
    }
    const indices: number[] = [];
    const values: number[] = [];
    for (const [column, coefficient] of merged) {
      if (coefficient === 0) continue;
      indices.push(column);
      values.push(coefficient);
    }
    this.rows.push({ lower, upper, indices, values });
    return this.rows.length - 1;
  }

  atLeast(terms: Iterable<Term>, lower: number): number {
    return this.addRow(terms, lower, Infinity);
  }

  atMost(terms: Iterable<Term>, upper: number): number {
    return this.addRow(terms, -Infinity, upper);
  }

  equal(terms: Iterable<Term>, value: number): number {
    return this.addRow(terms, value, value);
  }

  /** Objective value of a full assignment, computed in JavaScript (exact for rounded values). */
  objectiveOf(values: readonly number[]): number {
    let total = 0;
    this.columns.forEach((column, index) => {
      total += column.cost * (values[index] ?? 0);
    });
    return total;
  }
}
