import { snilsFor } from '../generator/members-csv';

export const APPLY = `mutation Apply($input: MembershipApplicationInput!) { applyForMembership(input: $input) { id status } }`;
export const APPROVE = `mutation Approve($id: UUID!) { approveApplication(id: $id) { member { id registrationNumber } } }`;

/**
 * Serials of the benchmark's own people start here, far above any generated member's serial (the
 * national union has 3.9 M), so their SNILS never meets one already in the registry.
 */
export const BENCH_SERIAL_BASE = 500_000_000;

/** Letters for digits: the registry refuses digits in names, and a distinct name per person avoids duplicate checks firing. */
export const spelledSerial = (serial: number): string =>
  [...String(serial)].map((digit) => 'абвгдежзик'[Number(digit)]).join('');

/** An application of an adult teacher, unique for each serial by last name (the pending-application check compares last name, first name and birth date) and SNILS. */
export function applicationInput(serial: number, organizationId: string): Record<string, unknown> {
  return {
    lastName: `Замерова${spelledSerial(serial)}`,
    firstName: 'Нагрузка',
    middleName: 'Тестовна',
    birthDate: '1988-04-15',
    sex: 'F',
    snils: snilsFor(BENCH_SERIAL_BASE + serial),
    category: 'EMPLOYEE',
    position: 'учитель',
    consentVersion: '2020-01',
    bonusConsent: false,
    organizationId,
  };
}
