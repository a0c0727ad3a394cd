import type { Member } from '../entities/member';
import { MemberCategory } from '../entities/member-enums';

/** Fields of the registration card that should be filled; position only for employees. */
export function memberCompleteness(member: Member): { filled: string[]; missing: string[]; ratio: number } {
  const values: [string, unknown][] = [
    ['middleName', member.middleName],
    ['sex', member.sex],
    ['phone', member.phone],
    ['email', member.email],
    ['snils', member.snils],
  ];
  if (member.category === MemberCategory.EMPLOYEE) values.push(['position', member.position]);
  const filled = values.filter(([, value]) => value !== null && value !== '').map(([field]) => field);
  const missing = values.filter(([, value]) => value === null || value === '').map(([field]) => field);
  return { filled, missing, ratio: filled.length / values.length };
}
