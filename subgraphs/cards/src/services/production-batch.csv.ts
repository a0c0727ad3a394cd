/** One card of the manufacturer's file. */
export interface BatchFileRow {
  card_number: string;
  registration_number: string;
  /** YYYY-MM, as printed. */
  expiry: string;
  /** The federal subject code inside the number. */
  region_code: string;
  /** Registry code of the member's primary organization: where the card is delivered. */
  organization_code: string;
}

const BATCH_FILE_COLUMNS: readonly (keyof BatchFileRow)[] = [
  'card_number',
  'registration_number',
  'expiry',
  'region_code',
  'organization_code',
];

/**
 * The manufacturer's CSV (RFC 4180: comma, CRLF, a header line). No names: the members subgraph
 * publishes none (`member_v1`), and the personalization data a printed name needs is a separate
 * agreement with the manufacturer; the registration number links a card to its record.
 */
export function batchFileCsv(rows: readonly BatchFileRow[]): string {
  const lines = [BATCH_FILE_COLUMNS.join(',')];
  for (const row of rows) lines.push(BATCH_FILE_COLUMNS.map((column) => quote(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

// Values are digits and registry codes today; quoting keeps the file valid should a code ever hold a comma.
const quote = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
