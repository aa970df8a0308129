/** Slack's Block Kit limits (docs/slack.md); builders clamp to these so no input yields an invalid message. */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  altText: 2000,
  imageUrl: 3000,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholderText: 150,
  /** Table block (docs.slack.dev/reference/block-kit/blocks/table-block): rows including the header row. */
  tableRows: 100,
  /** Cells per table row, and items in column_settings. */
  tableCells: 20,
  /**
   * Slack documents no length for a raw_text cell; a cell is cut well before anything a client shows
   * usefully on one line, and the whole table still counts against messageBlockText.
   */
  tableCellText: 300,
  /** Slack answers msg_blocks_too_long near 13.2k; stay well under. */
  messageBlockText: 12_000,
  topLevelText: 40_000,
} as const;
