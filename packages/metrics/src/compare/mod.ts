/**
 * Comparing runs: the model ({@link compareRunLogs}) and its overlaid charts
 * ({@link comparisonChartData}); re-exported by `@mnist/metrics`.
 *
 * Runtime-neutral.
 * @module
 */

export * from "./compare_runs.ts";
export * from "./comparison_chart_data.ts";
export * from "./comparison_tables.ts";
