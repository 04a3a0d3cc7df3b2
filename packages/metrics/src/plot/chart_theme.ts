/**
 * Colours of the uPlot charts: text, axes, grid, the background behind point markers and the series,
 * so a page can draw them for its own theme (e.g. dark) when it creates them.
 *
 * Browser only (with the rest of `./plot`), though nothing here touches the DOM.
 * @module
 */
import { CHART_COLORS, type ChartSeries } from "../run_series.ts";

/** A colour (CSS) for each role of a series: train, test, per-step loss, learning rate. */
export type ChartColors = { readonly [K in keyof typeof CHART_COLORS]: string };

/** Colours of a chart; every field is optional and defaults to the light theme. */
export interface ChartTheme {
  /** Tick values, axis labels, title and legend text (default `#444`; title and legend inherit the page's colour). */
  readonly text?: string;
  /** Axis tick marks (default `#e6e6e6`). */
  readonly axis?: string;
  /** Grid lines (default `#e6e6e6`). */
  readonly grid?: string;
  /** The plot's background: the outline of point markers (default `#ffffff`). */
  readonly background?: string;
  /** Series colours by role, in place of {@link CHART_COLORS}. */
  readonly series?: Partial<ChartColors>;
}

/** A theme with every colour filled in. */
export interface ResolvedChartTheme {
  /** Colour of titles, labels and tick values. */
  readonly text: string;
  /** Set only when the theme names a text colour: otherwise HTML text inherits the page's colour. */
  readonly htmlText: string | undefined;
  /** Colour of the axis lines. */
  readonly axis: string;
  /** Colour of the grid lines. */
  readonly grid: string;
  /** Background colour. */
  readonly background: string;
  /** The colour to draw a series in. */
  seriesColor(series: ChartSeries): string;
}

const ROLE_OF_COLOR = new Map<string, keyof ChartColors>(
  (Object.keys(CHART_COLORS) as (keyof ChartColors)[]).map((role) => [CHART_COLORS[role], role]),
);

/**
 * Fills in a theme's defaults. A series keeps its own colour unless it is one of {@link CHART_COLORS}
 * and the theme gives that role another.
 *
 * @param theme The theme (default: light).
 * @returns Every colour, and the colour of each series.
 */
export function resolveChartTheme(theme: ChartTheme = {}): ResolvedChartTheme {
  const lines = { axis: theme.axis ?? "#e6e6e6", grid: theme.grid ?? "#e6e6e6" };
  return {
    text: theme.text ?? "#444",
    htmlText: theme.text,
    ...lines,
    background: theme.background ?? "#ffffff",
    seriesColor: (s) => {
      const role = ROLE_OF_COLOR.get(s.color);
      return (role && theme.series?.[role]) ?? s.color;
    },
  };
}
