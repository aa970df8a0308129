/** What the merge steps know about the staged file. */
export interface StagedFile {
  /** The temporary staging table: `line`, the file's columns, and `run`/`pos` for a grouped kind. */
  readonly table: string;
  /** Field names present in the header. */
  readonly present: ReadonlySet<string>;
  /** Data rows in the file. */
  readonly rows: number;
  /**
   * Grouped kinds (sales): every group (order) is one run of consecutive rows that agree on the
   * group's fields, so `run` identifies the group and `pos` is the row's place in it. A step that finds
   * a group in two runs clears it, and the set-wise checks and merges take over.
   */
  grouped: boolean;
  /** With `grouped`: no group key appears in two runs (the keys came in increasing order). */
  readonly runsDistinct: boolean;
  /**
   * Grouped kinds with an `earliest` field (sales: ordered_at): the runs whose rows differ in it as
   * bytes (only these need their earliest value looked up), or null when there were too many to list
   * (then every run is looked at).
   */
  readonly spreadRuns: readonly number[] | null;
}
