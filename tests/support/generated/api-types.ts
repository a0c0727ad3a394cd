export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
  /** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
  /** A local date string (i.e., with no associated timezone) in `YYYY-MM-DD` format, e.g. `2020-01-01`. */
  LocalDate: { input: string; output: string; }
};

/** A member entered by an admin */
export type AdmitMemberInput = {
  birthDate: Scalars['LocalDate']['input'];
  /** Consent to share data with the bonus program */
  bonusConsent: InputMaybe<Scalars['Boolean']['input']>;
  category: MemberCategory;
  /** Version of the personal-data consent the person accepted */
  consentVersion: Scalars['String']['input'];
  email: InputMaybe<Scalars['String']['input']>;
  firstName: Scalars['String']['input'];
  /** Guardian who consented, for a person under 18 */
  guardianName: InputMaybe<Scalars['String']['input']>;
  /** Defaults to today */
  joinedOn: InputMaybe<Scalars['LocalDate']['input']>;
  lastName: Scalars['String']['input'];
  /** Patronymic */
  middleName: InputMaybe<Scalars['String']['input']>;
  /** The primary organization to join */
  organizationId: Scalars['ID']['input'];
  phone: InputMaybe<Scalars['String']['input']>;
  position: InputMaybe<Scalars['String']['input']>;
  sex: InputMaybe<Sex>;
  /** SNILS: 11 digits, 123-456-789 01 also accepted */
  snils: InputMaybe<Scalars['String']['input']>;
};

export type ApplicationStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED';

/** An approved application and the member it created */
export type ApprovalResult = {
  __typename?: 'ApprovalResult';
  application: MembershipApplication;
  member: Member;
};

export type BaselineImportError = {
  __typename?: 'BaselineImportError';
  errorCode: Scalars['String']['output'];
  field: Scalars['String']['output'];
  line: Scalars['Int']['output'];
  message: Scalars['String']['output'];
  organizationCode: Maybe<Scalars['String']['output']>;
};

/** Outcome of a report import */
export type BaselineImportReport = {
  __typename?: 'BaselineImportReport';
  errors: Array<BaselineImportError>;
  loaded: Scalars['Int']['output'];
  rows: Scalars['Int']['output'];
};

/** The organization's chair */
export type Chair = {
  __typename?: 'Chair';
  email: Maybe<Scalars['String']['output']>;
  name: Maybe<Scalars['String']['output']>;
  /** E.164, e.g. +74951234567 */
  phone: Maybe<Scalars['String']['output']>;
};

/** Why and when an organization ceases */
export type ClosureInput = {
  /** Defaults to today */
  date: InputMaybe<Scalars['LocalDate']['input']>;
  reason: Scalars['String']['input'];
};

/** How much of an organization's real membership the registry holds */
export type Coverage = {
  __typename?: 'Coverage';
  asOf: Scalars['LocalDate']['output'];
  completeness: DataCompleteness;
  /** Members on the electronic record against the report */
  members: Ratio;
  organizations: OrganizationCoverage;
  report: Maybe<ReportFigures>;
  /** Date of the statistical report used as reference */
  reportDate: Maybe<Scalars['LocalDate']['output']>;
  /** Members under 35 among members on record */
  youth: Ratio;
};

export type CreateOrganizationInput = {
  address: InputMaybe<Scalars['String']['input']>;
  chairEmail: InputMaybe<Scalars['String']['input']>;
  chairName: InputMaybe<Scalars['String']['input']>;
  /** Russian number; stored as +7XXXXXXXXXX */
  chairPhone: InputMaybe<Scalars['String']['input']>;
  code: Scalars['String']['input'];
  /** 10 digits, checksum validated */
  inn: InputMaybe<Scalars['String']['input']>;
  level: OrganizationLevel;
  name: Scalars['String']['input'];
  /** 13 digits, checksum validated */
  ogrn: InputMaybe<Scalars['String']['input']>;
  parentId: Scalars['ID']['input'];
  primaryType: InputMaybe<PrimaryType>;
  shortName: InputMaybe<Scalars['String']['input']>;
  /** Two-digit federal subject code; inherited from the parent when omitted */
  subjectCode: InputMaybe<Scalars['String']['input']>;
};

/** Average share of mandatory fields filled, 0..1 */
export type DataCompleteness = {
  __typename?: 'DataCompleteness';
  memberRecords: Maybe<Scalars['Float']['output']>;
  passports: Maybe<Scalars['Float']['output']>;
};

/** Active organizations below this one, per level */
export type DescendantCounts = {
  __typename?: 'DescendantCounts';
  primary: Scalars['Int']['output'];
  regional: Scalars['Int']['output'];
  territorial: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

export type ExitInput = {
  /** Defaults to today; never in the future */
  date: InputMaybe<Scalars['LocalDate']['input']>;
  kind: ExitKind;
  reason: InputMaybe<Scalars['String']['input']>;
};

/** How a membership ends: leaving, exclusion or death */
export type ExitKind =
  | 'DECEASED'
  | 'EXCLUDED'
  | 'LEFT';

/** Organizations of a level that generated and submitted forms for a date */
export type FormUsageRow = {
  __typename?: 'FormUsageRow';
  generated: Scalars['Int']['output'];
  level: Scalars['String']['output'];
  organizations: Scalars['Int']['output'];
  submitted: Scalars['Int']['output'];
  /** Submitted share, percent */
  submittedPercent: Scalars['Float']['output'];
};

/** Outcome of a bulk import */
export type ImportRowError = {
  __typename?: 'ImportRowError';
  code: Maybe<Scalars['String']['output']>;
  errorCode: Scalars['String']['output'];
  field: Scalars['String']['output'];
  /** Line number in the file, header = 1 */
  line: Scalars['Int']['output'];
  message: Scalars['String']['output'];
};

/** A member's electronic registration card */
export type Member = {
  __typename?: 'Member';
  age: Scalars['Int']['output'];
  birthDate: Scalars['LocalDate']['output'];
  category: MemberCategory;
  completeness: MemberCompleteness;
  consent: MemberConsent;
  createdAt: Scalars['DateTimeISO']['output'];
  email: Maybe<Scalars['String']['output']>;
  firstName: Scalars['String']['output'];
  fullName: Scalars['String']['output'];
  /** Admission, transfers, exits, reinstatements; oldest first */
  history: Array<MembershipEvent>;
  id: Scalars['ID']['output'];
  joinedOn: Scalars['LocalDate']['output'];
  lastName: Scalars['String']['output'];
  /** Patronymic */
  middleName: Maybe<Scalars['String']['output']>;
  /** The primary organization; its chain comes from the organizations subgraph */
  organization: Organization;
  phone: Maybe<Scalars['String']['output']>;
  position: Maybe<Scalars['String']['output']>;
  /** Registration number, unique for life */
  registrationNumber: Scalars['String']['output'];
  sex: Maybe<Sex>;
  /** SNILS, 11 digits, checksum validated */
  snils: Maybe<Scalars['String']['output']>;
  status: MemberStatus;
  /** Date of the last exit or reinstatement */
  statusChangedOn: Maybe<Scalars['LocalDate']['output']>;
  updatedAt: Scalars['DateTimeISO']['output'];
};

export type MemberCategory =
  | 'EMPLOYEE'
  | 'NON_WORKING_PENSIONER'
  | 'STUDENT'
  | 'TEMPORARILY_NOT_WORKING';

/** Which fields of the registration card are filled */
export type MemberCompleteness = {
  __typename?: 'MemberCompleteness';
  filled: Array<Scalars['String']['output']>;
  missing: Array<Scalars['String']['output']>;
  /** 0..1 */
  ratio: Scalars['Float']['output'];
};

export type MemberConnection = {
  __typename?: 'MemberConnection';
  edges: Array<MemberEdge>;
  nodes: Array<Member>;
  pageInfo: PageInfo;
  /** Matches of the filter across all pages */
  totalCount: Scalars['Int']['output'];
};

/** Consents recorded for the member */
export type MemberConsent = {
  __typename?: 'MemberConsent';
  /** Consent to share data with the bonus program */
  bonusProgram: Scalars['Boolean']['output'];
  bonusProgramChangedOn: Maybe<Scalars['LocalDate']['output']>;
  givenOn: Scalars['LocalDate']['output'];
  guardianName: Maybe<Scalars['String']['output']>;
  version: Scalars['String']['output'];
};

/** Active members of an organization's whole subtree */
export type MemberCounts = {
  __typename?: 'MemberCounts';
  active: Scalars['Int']['output'];
  employees: Scalars['Int']['output'];
  /** Non-working pensioners */
  pensioners: Scalars['Int']['output'];
  students: Scalars['Int']['output'];
  temporarilyNotWorking: Scalars['Int']['output'];
  /** Under 35 */
  youth: Scalars['Int']['output'];
};

export type MemberEdge = {
  __typename?: 'MemberEdge';
  cursor: Scalars['String']['output'];
  node: Member;
};

export type MemberFilter = {
  category: InputMaybe<MemberCategory>;
  /** Part of the full name */
  search: InputMaybe<Scalars['String']['input']>;
  /** Defaults to ACTIVE */
  status: InputMaybe<MemberStatus>;
};

export type MemberStatus =
  | 'ACTIVE'
  | 'DECEASED'
  | 'EXCLUDED'
  | 'LEFT'
  | 'MERGED';

/** Fields an admin may correct; omitted fields stay */
export type MemberUpdateInput = {
  birthDate: InputMaybe<Scalars['LocalDate']['input']>;
  category: InputMaybe<MemberCategory>;
  email: InputMaybe<Scalars['String']['input']>;
  firstName: InputMaybe<Scalars['String']['input']>;
  lastName: InputMaybe<Scalars['String']['input']>;
  middleName: InputMaybe<Scalars['String']['input']>;
  phone: InputMaybe<Scalars['String']['input']>;
  position: InputMaybe<Scalars['String']['input']>;
  sex: InputMaybe<Sex>;
  snils: InputMaybe<Scalars['String']['input']>;
};

/** An application to join the union */
export type MembershipApplication = {
  __typename?: 'MembershipApplication';
  decidedAt: Maybe<Scalars['DateTimeISO']['output']>;
  id: Scalars['ID']['output'];
  rejectionReason: Maybe<Scalars['String']['output']>;
  status: ApplicationStatus;
  submittedAt: Scalars['DateTimeISO']['output'];
};

/** An application to join, filed by the person */
export type MembershipApplicationInput = {
  birthDate: Scalars['LocalDate']['input'];
  /** Consent to share data with the bonus program */
  bonusConsent: InputMaybe<Scalars['Boolean']['input']>;
  category: MemberCategory;
  /** Version of the personal-data consent the person accepted */
  consentVersion: Scalars['String']['input'];
  email: InputMaybe<Scalars['String']['input']>;
  firstName: Scalars['String']['input'];
  /** Guardian who consented, for a person under 18 */
  guardianName: InputMaybe<Scalars['String']['input']>;
  lastName: Scalars['String']['input'];
  /** Patronymic */
  middleName: InputMaybe<Scalars['String']['input']>;
  /** The primary organization to join */
  organizationId: Scalars['ID']['input'];
  phone: InputMaybe<Scalars['String']['input']>;
  position: InputMaybe<Scalars['String']['input']>;
  sex: InputMaybe<Sex>;
  /** SNILS: 11 digits, 123-456-789 01 also accepted */
  snils: InputMaybe<Scalars['String']['input']>;
};

/** A step of a membership history */
export type MembershipEvent = {
  __typename?: 'MembershipEvent';
  /** Who recorded it (token subject) */
  actor: Maybe<Scalars['String']['output']>;
  /** For a transfer: where the member came from */
  fromOrganization: Maybe<Organization>;
  id: Scalars['ID']['output'];
  kind: MembershipEventKind;
  occurredOn: Scalars['LocalDate']['output'];
  /** The organization after the step */
  organization: Maybe<Organization>;
  reason: Maybe<Scalars['String']['output']>;
  recordedAt: Scalars['DateTimeISO']['output'];
};

export type MembershipEventKind =
  | 'ADMITTED'
  | 'DECEASED'
  | 'EXCLUDED'
  | 'IMPORTED'
  | 'LEFT'
  | 'MERGED'
  | 'REINSTATED'
  | 'TRANSFERRED';

/** When and why */
export type MovementInput = {
  /** Defaults to today; never in the future */
  date: InputMaybe<Scalars['LocalDate']['input']>;
  reason: InputMaybe<Scalars['String']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Enters a member by hand (admins of the organization) */
  admitMember: Member;
  /** Files an application to join (no sign-in needed); keep its id to follow it */
  applyForMembership: MembershipApplication;
  /** Approves an application: the member is created in the same transaction */
  approveApplication: ApprovalResult;
  createOrganization: Organization;
  /** Generates (or regenerates, while a draft) the organization’s form for a report date */
  generateReportForm: ReportFormView;
  /** Creates or updates organizations from CSV (code,parent_code,level,name,short_name,primary_type,subject_code,address,inn,ogrn,chair_name,chair_phone,chair_email), keyed by code; bad rows are reported, not loaded */
  importOrganizations: OrganizationImportReport;
  /** Loads report figures from CSV (organization_code,report_date,members,employees,students,primary_organizations,territorial_organizations) */
  importReportBaselines: BaselineImportReport;
  /** Leaves the union, effective today */
  leaveUnion: Member;
  /** Liquidates an organization with no active children */
  liquidateOrganization: Organization;
  /** Folds a duplicate record into the one kept; both keep their history */
  mergeMembers: Member;
  /** Merges an organization into another of its level; returns the one that remains */
  mergeOrganization: Organization;
  /** Moves an organization with its whole subtree under a new parent */
  moveOrganization: Organization;
  /** Ends a membership: leaving, exclusion (reason required) or death */
  recordMemberExit: Member;
  reinstateMember: Member;
  rejectApplication: MembershipApplication;
  /** Enters or corrects the report figures of one organization for one date */
  setReportBaseline: ReportFigures;
  /** DRAFT → SUBMITTED; the parent’s form then counts it */
  submitReportForm: ReportFormView;
  /** Moves a member to another primary organization, keeping the history */
  transferMember: Member;
  updateMember: Member;
  updateMyContacts: Member;
  updateOrganization: Organization;
  /** Withdraws the consent to share data with the bonus program */
  withdrawBonusConsent: Member;
};


export type MutationAdmitMemberArgs = {
  input: AdmitMemberInput;
};


export type MutationApplyForMembershipArgs = {
  input: MembershipApplicationInput;
};


export type MutationApproveApplicationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateOrganizationArgs = {
  input: CreateOrganizationInput;
};


export type MutationGenerateReportFormArgs = {
  organizationId: Scalars['ID']['input'];
  periodStart: InputMaybe<Scalars['LocalDate']['input']>;
  reportDate: Scalars['LocalDate']['input'];
};


export type MutationImportOrganizationsArgs = {
  csv: Scalars['String']['input'];
};


export type MutationImportReportBaselinesArgs = {
  csv: Scalars['String']['input'];
};


export type MutationLeaveUnionArgs = {
  reason: InputMaybe<Scalars['String']['input']>;
};


export type MutationLiquidateOrganizationArgs = {
  closure: ClosureInput;
  id: Scalars['ID']['input'];
};


export type MutationMergeMembersArgs = {
  duplicateId: Scalars['ID']['input'];
  keepId: Scalars['ID']['input'];
};


export type MutationMergeOrganizationArgs = {
  closure: ClosureInput;
  id: Scalars['ID']['input'];
  intoId: Scalars['ID']['input'];
};


export type MutationMoveOrganizationArgs = {
  id: Scalars['ID']['input'];
  newParentId: Scalars['ID']['input'];
};


export type MutationRecordMemberExitArgs = {
  exit: ExitInput;
  id: Scalars['ID']['input'];
};


export type MutationReinstateMemberArgs = {
  id: Scalars['ID']['input'];
  movement: InputMaybe<MovementInput>;
  organizationId: InputMaybe<Scalars['ID']['input']>;
};


export type MutationRejectApplicationArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


export type MutationSetReportBaselineArgs = {
  input: ReportBaselineInput;
};


export type MutationSubmitReportFormArgs = {
  id: Scalars['ID']['input'];
};


export type MutationTransferMemberArgs = {
  id: Scalars['ID']['input'];
  movement: InputMaybe<MovementInput>;
  toOrganizationId: Scalars['ID']['input'];
};


export type MutationUpdateMemberArgs = {
  id: Scalars['ID']['input'];
  input: MemberUpdateInput;
};


export type MutationUpdateMyContactsArgs = {
  email: InputMaybe<Scalars['String']['input']>;
  phone: InputMaybe<Scalars['String']['input']>;
};


export type MutationUpdateOrganizationArgs = {
  id: Scalars['ID']['input'];
  input: OrganizationPassportInput;
};

/** An organization of the union: the central council, a regional, territorial or primary one */
export type Organization = {
  __typename?: 'Organization';
  address: Maybe<Scalars['String']['output']>;
  /** From the central council down to the parent */
  ancestors: Array<Organization>;
  chair: Chair;
  /** Direct children, by name; active ones unless `status` says otherwise */
  children: Array<Organization>;
  /** Date of liquidation or merger */
  closedOn: Maybe<Scalars['LocalDate']['output']>;
  /** Unique registry code */
  code: Scalars['String']['output'];
  /** Coverage of the subtree on a date (default today) against the latest report on or before it */
  coverage: Coverage;
  createdAt: Scalars['DateTimeISO']['output'];
  /** Distance from the central council (0 for the council itself) */
  depth: Scalars['Int']['output'];
  descendantCounts: DescendantCounts;
  /** Creation, changes, moves, liquidation, mergers; oldest first */
  history: Array<OrganizationEvent>;
  id: Scalars['ID']['output'];
  /** The institution's INN (10 digits, checksum validated) */
  inn: Maybe<Scalars['String']['output']>;
  level: OrganizationLevel;
  /** Active members of the whole subtree; on a past date from membership history */
  memberCounts: MemberCounts;
  /** Members of the organization's whole subtree, by name (admins) */
  members: MemberConnection;
  /** The organization this one was merged into */
  mergedInto: Maybe<Organization>;
  name: Scalars['String']['output'];
  /** The institution's OGRN (13 digits, checksum validated) */
  ogrn: Maybe<Scalars['String']['output']>;
  parent: Maybe<Organization>;
  passport: Passport;
  /** Set for primary organizations only */
  primaryType: Maybe<PrimaryType>;
  shortName: Maybe<Scalars['String']['output']>;
  status: OrganizationStatus;
  /** Two-digit code of the federal subject */
  subjectCode: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['DateTimeISO']['output'];
};


/** An organization of the union: the central council, a regional, territorial or primary one */
export type OrganizationChildrenArgs = {
  level: InputMaybe<OrganizationLevel>;
  status: InputMaybe<OrganizationStatus>;
};


/** An organization of the union: the central council, a regional, territorial or primary one */
export type OrganizationCoverageArgs = {
  asOf: InputMaybe<Scalars['LocalDate']['input']>;
  reportDate: InputMaybe<Scalars['LocalDate']['input']>;
};


/** An organization of the union: the central council, a regional, territorial or primary one */
export type OrganizationMemberCountsArgs = {
  asOf: InputMaybe<Scalars['LocalDate']['input']>;
};


/** An organization of the union: the central council, a regional, territorial or primary one */
export type OrganizationMembersArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  filter: InputMaybe<MemberFilter>;
  first: InputMaybe<Scalars['Int']['input']>;
};

export type OrganizationConnection = {
  __typename?: 'OrganizationConnection';
  edges: Array<OrganizationEdge>;
  nodes: Array<Organization>;
  pageInfo: PageInfo;
  /** Matches of the filter across all pages */
  totalCount: Scalars['Int']['output'];
};

/** Organizations in the registry against the statistical report */
export type OrganizationCoverage = {
  __typename?: 'OrganizationCoverage';
  primary: Ratio;
  territorial: Ratio;
};

export type OrganizationEdge = {
  __typename?: 'OrganizationEdge';
  cursor: Scalars['String']['output'];
  node: Organization;
};

/** An entry of an organization's history */
export type OrganizationEvent = {
  __typename?: 'OrganizationEvent';
  /** Subject of the token that made the change */
  actor: Maybe<Scalars['String']['output']>;
  /** What changed: previous and new values, reasons */
  data: Scalars['JSONObject']['output'];
  id: Scalars['ID']['output'];
  kind: OrganizationEventKind;
  occurredAt: Scalars['DateTimeISO']['output'];
};

export type OrganizationEventKind =
  | 'CREATED'
  | 'IMPORTED'
  | 'LIQUIDATED'
  | 'MERGED'
  | 'MOVED'
  | 'UPDATED';

export type OrganizationFilter = {
  /** Anywhere in this organization's subtree */
  ancestorId: InputMaybe<Scalars['ID']['input']>;
  level: InputMaybe<OrganizationLevel>;
  /** Direct children of this organization */
  parentId: InputMaybe<Scalars['ID']['input']>;
  /** Part of the name, or an exact registry code or INN */
  search: InputMaybe<Scalars['String']['input']>;
  status: InputMaybe<OrganizationStatus>;
  subjectCode: InputMaybe<Scalars['String']['input']>;
};

export type OrganizationImportReport = {
  __typename?: 'OrganizationImportReport';
  created: Scalars['Int']['output'];
  /** The per-row error report as CSV (line,code,field,errorCode,message) */
  errorReportCsv: Scalars['String']['output'];
  errors: Array<ImportRowError>;
  rows: Scalars['Int']['output'];
  unchanged: Scalars['Int']['output'];
  updated: Scalars['Int']['output'];
};

/** Level in the union tree: CENTRAL → REGIONAL → TERRITORIAL → PRIMARY */
export type OrganizationLevel =
  | 'CENTRAL'
  | 'PRIMARY'
  | 'REGIONAL'
  | 'TERRITORIAL';

/** Passport fields of an organization; omitted fields stay as they are */
export type OrganizationPassportInput = {
  address: InputMaybe<Scalars['String']['input']>;
  chairEmail: InputMaybe<Scalars['String']['input']>;
  chairName: InputMaybe<Scalars['String']['input']>;
  /** Russian number; stored as +7XXXXXXXXXX */
  chairPhone: InputMaybe<Scalars['String']['input']>;
  /** Unique registry code: letters, digits, . / - */
  code: InputMaybe<Scalars['String']['input']>;
  /** 10 digits, checksum validated */
  inn: InputMaybe<Scalars['String']['input']>;
  name: InputMaybe<Scalars['String']['input']>;
  /** 13 digits, checksum validated */
  ogrn: InputMaybe<Scalars['String']['input']>;
  primaryType: InputMaybe<PrimaryType>;
  shortName: InputMaybe<Scalars['String']['input']>;
  /** Two-digit federal subject code; inherited from the parent when omitted */
  subjectCode: InputMaybe<Scalars['String']['input']>;
};

export type OrganizationStatus =
  | 'ACTIVE'
  | 'LIQUIDATED'
  | 'MERGED';

/** Relay-style page information */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Pass as `after` to get the next page */
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** Which mandatory passport fields are filled */
export type Passport = {
  __typename?: 'Passport';
  /** Filled share of the mandatory fields, 0..1 */
  completeness: Scalars['Float']['output'];
  filled: Array<Scalars['String']['output']>;
  missing: Array<Scalars['String']['output']>;
};

/** Two records that may be one person */
export type PossibleDuplicate = {
  __typename?: 'PossibleDuplicate';
  first: Member;
  /** SNILS or NAME_AND_BIRTH_DATE */
  reason: Scalars['String']['output'];
  second: Member;
};

/** Institution of a primary organization */
export type PrimaryType =
  | 'HIGHER_EDUCATION'
  | 'OTHER'
  | 'PRESCHOOL'
  | 'SCHOOL'
  | 'STUDENTS'
  | 'SUPPLEMENTARY_EDUCATION'
  | 'VOCATIONAL';

export type Query = {
  __typename?: 'Query';
  /** State of the cards subgraph */
  cardsStatus: Scalars['String']['output'];
  /** The form as CSV and XLSX */
  exportReportForm: ReportFormExport;
  /** The signed-in member’s own record */
  me: Member;
  /** A member record (admins, within their subtree) */
  member: Maybe<Member>;
  /** An application's status, by the id its applicant was given */
  membershipApplication: Maybe<MembershipApplication>;
  organization: Maybe<Organization>;
  /** An organization by its unique registry code */
  organizationByCode: Maybe<Organization>;
  /** Organizations matching a filter, ordered by name, a page at a time */
  organizations: OrganizationConnection;
  /** Active records that may be one person (same SNILS or full name and birth date) */
  possibleDuplicates: Array<PossibleDuplicate>;
  /** Children (or descendants of a level) of an organization ranked by a metric, as a progress table */
  ranking: Array<RankingRow>;
  reportForm: ReportFormView;
  /** How many organizations generated and submitted their forms for a date */
  reportFormUsage: Array<FormUsageRow>;
  /** The central council, root of the tree */
  root: Maybe<Organization>;
};


export type QueryExportReportFormArgs = {
  id: Scalars['ID']['input'];
};


export type QueryMemberArgs = {
  id: Scalars['ID']['input'];
};


export type QueryMembershipApplicationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOrganizationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOrganizationByCodeArgs = {
  code: Scalars['String']['input'];
};


export type QueryOrganizationsArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  filter: InputMaybe<OrganizationFilter>;
  first: InputMaybe<Scalars['Int']['input']>;
};


export type QueryPossibleDuplicatesArgs = {
  organizationId: Scalars['ID']['input'];
};


export type QueryRankingArgs = {
  asOf: InputMaybe<Scalars['LocalDate']['input']>;
  level: InputMaybe<RankingLevel>;
  metric: RankingMetric;
  order: InputMaybe<RankingOrder>;
  parentId: Scalars['ID']['input'];
  reportDate: InputMaybe<Scalars['LocalDate']['input']>;
  threshold: InputMaybe<Scalars['Float']['input']>;
};


export type QueryReportFormArgs = {
  id: Scalars['ID']['input'];
};


export type QueryReportFormUsageArgs = {
  reportDate: Scalars['LocalDate']['input'];
};

/** Rank all descendants of this level instead of the children */
export type RankingLevel =
  | 'PRIMARY'
  | 'REGIONAL'
  | 'TERRITORIAL';

export type RankingMetric =
  | 'MEMBERS_ON_RECORD'
  | 'MEMBER_RECORD_COMPLETENESS'
  | 'PASSPORT_COMPLETENESS'
  | 'PRIMARY_ORGANIZATIONS_IN_REGISTRY'
  | 'YOUTH_SHARE';

export type RankingOrder =
  | 'ASC'
  | 'DESC';

/** A line of a progress table: an organization's figure against its reference */
export type RankingRow = {
  __typename?: 'RankingRow';
  code: Scalars['String']['output'];
  denominator: Maybe<Scalars['Float']['output']>;
  name: Scalars['String']['output'];
  numerator: Scalars['Float']['output'];
  organization: Organization;
  /** Percent with one decimal; null without a reference figure */
  percent: Maybe<Scalars['Float']['output']>;
  /** 1 for the first line */
  place: Scalars['Int']['output'];
};

/** A count against its reference figure */
export type Ratio = {
  __typename?: 'Ratio';
  /** Null when no reference figure is known */
  denominator: Maybe<Scalars['Int']['output']>;
  numerator: Scalars['Int']['output'];
  /** numerator / denominator, 0..1 (may exceed 1 when the report is stale) */
  ratio: Maybe<Scalars['Float']['output']>;
};

/** An organization's figures from the statistical report for a report date */
export type ReportBaselineInput = {
  employees: Scalars['Int']['input'];
  members: Scalars['Int']['input'];
  organizationId: Scalars['ID']['input'];
  primaryOrganizations: Scalars['Int']['input'];
  reportDate: Scalars['LocalDate']['input'];
  students: Scalars['Int']['input'];
  territorialOrganizations: Scalars['Int']['input'];
};

/** Report figures in effect: stated by the organization, or summed from its children */
export type ReportFigures = {
  __typename?: 'ReportFigures';
  employees: Scalars['Int']['output'];
  members: Scalars['Int']['output'];
  primaryOrganizations: Scalars['Int']['output'];
  reportDate: Scalars['LocalDate']['output'];
  students: Scalars['Int']['output'];
  territorialOrganizations: Scalars['Int']['output'];
};

/** A form exported for download */
export type ReportFormExport = {
  __typename?: 'ReportFormExport';
  csv: Scalars['String']['output'];
  fileName: Scalars['String']['output'];
  /** The XLSX workbook, base64-encoded */
  xlsxBase64: Scalars['String']['output'];
};

/** A line of a report form */
export type ReportFormRow = {
  __typename?: 'ReportFormRow';
  /** How the value is computed from the registry */
  formula: Scalars['String']['output'];
  key: Scalars['String']['output'];
  label: Scalars['String']['output'];
  value: Maybe<Scalars['Float']['output']>;
};

export type ReportFormStatus =
  | 'DRAFT'
  | 'SUBMITTED';

/** A statistical report form (1-СП … 5-СП) generated from the registry */
export type ReportFormView = {
  __typename?: 'ReportFormView';
  /** e.g. 5-СП */
  formCode: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** Children whose forms are not submitted yet (parents’ forms) */
  missingChildren: Array<Organization>;
  organization: Organization;
  periodStart: Scalars['LocalDate']['output'];
  reportDate: Scalars['LocalDate']['output'];
  rows: Array<ReportFormRow>;
  status: ReportFormStatus;
  submittedAt: Maybe<Scalars['DateTimeISO']['output']>;
  submittedBy: Maybe<Scalars['String']['output']>;
  title: Scalars['String']['output'];
};

export type Sex =
  | 'F'
  | 'M';
