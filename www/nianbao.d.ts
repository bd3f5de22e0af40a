// Type declarations for nianbao.js (the v1 result contract: see the README).

export type Severity = 'error' | 'warning' | 'info';
export type Status = 'read' | 'inferred' | 'blank' | 'missing' | 'ambiguous';

export interface Span {
  /** UTF-16 offset of the start in the text (as a textarea's selectionStart). */
  start: number;
  /** UTF-16 offset of the end. */
  end: number;
  /** 1-based line. */
  line: number;
  /** 1-based column, in characters. */
  column: number;
}

export interface Cell {
  value: number | null;
  text: string | null;
  status: Status;
  span: Span | null;
  /** Only for inferred cells: what the value was inferred from. */
  from?: string;
  /** Only for ambiguous cells: the values that fit. */
  candidates?: number[];
}

export interface CellRef {
  table: 'active_disclosure' | 'applications' | 'review_litigation';
  /** Absent for table 四 (review_litigation). */
  row?: string;
  column: string;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  cells: CellRef[];
  span: Span | null;
  /**
   * Only on cross-year findings (Y001–Y004, added by `nianbao check` to the later of two reports of
   * one agency for consecutive years): last year's report. `cells` and `span` above point into this
   * year's report; these point into last year's.
   */
  previous?: Previous;
}

export interface Previous {
  /** Last year's report's year. */
  year: number | null;
  cells: CellRef[];
  /** A span into last year's text. */
  span: Span | null;
}

export interface Section {
  key: 'overview' | 'active_disclosure' | 'applications' | 'review_litigation' | 'problems' | 'other_matters';
  title: string;
  span: Span;
}

export interface Result {
  version: 1;
  template: '2021' | '2019' | null;
  year: number | null;
  agency: string | null;
  sections: Section[];
  tables: {
    active_disclosure: Record<string, Record<string, Cell>>;
    applications: Record<string, Record<string, Cell>>;
    review_litigation: Record<string, Cell>;
  };
  diagnostics: Diagnostic[];
  /** The verdict on the tables, computed once in the core (the CLI and the page show the same). */
  verdict: Verdict;
}

export interface Verdict {
  /** broken > not_read > not_assessable > holds, in that order of precedence. */
  status: 'holds' | 'broken' | 'not_assessable' | 'not_read';
  /** Sums that do not hold (A001–A004 errors). */
  broken: number;
  /** Sums that could not be checked (missing, blank or ambiguous cells). */
  not_assessable: number;
  /** Tables with no cell read. */
  not_read: Array<'active_disclosure' | 'applications' | 'review_litigation'>;
  /** One line of Chinese, as the page and the CLI show it. */
  message: string;
}

export interface MountOptions {
  /** The text to start with. */
  text?: string;
  /** Findings first, tables folded away. */
  compact?: boolean;
  /** Called with the result after every check (and once at mount). */
  onResult?: (result: Result) => void;
  /** The widget's stylesheet (defaults to styles.css next to nianbao.js). */
  styleUrl?: string;
}

export interface Handle {
  /** Replaces the text and checks it. */
  setText(text: string): void;
  /** The text last checked. */
  getText(): string;
  /** The result for the text last checked. */
  getResult(): Result;
  /** Unmounts the widget and removes everything it added to the host element. */
  destroy(): void;
}

/** Loads the WebAssembly module once (check and mount call it for you). */
export function load(): Promise<unknown>;
/** Checks a report's text: the same object as `nianbao check --format json`. */
export function check(text: string): Promise<Result>;
/** Mounts a checker widget into `element` (inside an open shadow root). */
export function mount(element: Element, options?: MountOptions): Promise<Handle>;
/** Whether a result has error-severity findings. */
export function hasErrors(result: Result | null | undefined): boolean;

/** The <nianbao-check> element. Fires `nianbao-result` (detail: Result) after every check. */
export class NianbaoCheck extends HTMLElement {
  /** The widget's text. */
  value: string;
  /** The last result. */
  readonly result: Result | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'nianbao-check': NianbaoCheck;
  }
  interface HTMLElementEventMap {
    'nianbao-result': CustomEvent<Result>;
  }
}
