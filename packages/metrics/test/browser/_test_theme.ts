/** The dark theme of the chart-theme test, shared by the page and the test. */
export const DARK = {
  text: "#ececec",
  axis: "#5a5a5a",
  grid: "#3a3a3a",
  background: "#121417",
  series: { train: "#79a9e3", test: "#ec9a80" },
} as const;
