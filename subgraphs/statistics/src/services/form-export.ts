import ExcelJS from 'exceljs';
import type { FormTemplate, ReportForm } from './report-forms';

const csvCell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The form as CSV: one line per row of the layout (key, label, value), header first. */
export function formToCsv(form: ReportForm, template: FormTemplate): string {
  const lines = [
    ['form', 'report_date', 'status'].join(','),
    [form.formCode, form.reportDate, form.status].map(csvCell).join(','),
    '',
    ['row', 'label', 'value'].join(','),
    ...template.rows.map((row) => [row.key, row.label, form.values[row.key] ?? null].map(csvCell).join(',')),
  ];
  return `${lines.join('\n')}\n`;
}

/** The form as an XLSX workbook (base64), laid out like the paper form: title, then label | value. */
export async function formToXlsx(form: ReportForm, template: FormTemplate, organizationName: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Union registry';
  const sheet = workbook.addWorksheet(form.formCode);
  sheet.columns = [{ width: 60 }, { width: 16 }];
  sheet.addRow([`${form.formCode} — ${template.title}`]).font = { bold: true };
  sheet.addRow([organizationName]);
  sheet.addRow([`Отчётная дата: ${form.reportDate}`, form.status === 'SUBMITTED' ? 'сдан' : 'черновик']);
  sheet.addRow([]);
  for (const row of template.rows) sheet.addRow([row.label, form.values[row.key] ?? null]);
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer).toString('base64');
}
