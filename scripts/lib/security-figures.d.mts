/** A figure's goal: a number is the most allowed (0: none), `{ atLeast }` the fewest. */
export type FigureGoal = number | { atLeast: number };

export interface Figure {
  name: string;
  value: number;
  goal: FigureGoal;
  unit?: string;
}

export interface ReportRow {
  name: string;
  value: number | null;
  unit?: string;
  goal: string;
  status: 'PASS' | 'FAIL' | 'MISSING';
}

export const FIGURES: readonly { name: string; goal: FigureGoal }[];
export function recordFigure(figure: Figure): void;
export function securityReport(dir: string): ReportRow[];
export function formatSecurityReport(rows: ReportRow[]): string[];
