import type { RequestContext } from '@registry/lib';
import type { MemberLoaders } from './loaders/member.loaders';

export type MembersContext = RequestContext<MemberLoaders>;
