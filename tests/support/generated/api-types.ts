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
  /** An amount of money in kopecks (1/100 RUB): a whole number, exact up to 2^53 - 1 */
  Kopecks: { input: number; output: number; }
  /** A local date string (i.e., with no associated timezone) in `YYYY-MM-DD` format, e.g. `2020-01-01`. */
  LocalDate: { input: string; output: string; }
  /** A record's id: a UUID written as 32 hexadecimal digits 8-4-4-4-12, e.g. 3f2c8a34-1d6e-4b1a-9a43-8e0f5b7c2d19 */
  UUID: { input: string; output: string; }
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
  organizationId: Scalars['UUID']['input'];
  phone: InputMaybe<Scalars['String']['input']>;
  position: InputMaybe<Scalars['String']['input']>;
  sex: InputMaybe<Sex>;
  /** SNILS: 11 digits, 123-456-789 01 also accepted */
  snils: InputMaybe<Scalars['String']['input']>;
};

/** Consent the applicant gave with the application */
export type ApplicationConsent = {
  __typename?: 'ApplicationConsent';
  /** Consent to share data with the bonus program */
  bonusProgram: Scalars['Boolean']['output'];
  /** Guardian who consented, for an applicant under 18 */
  guardianName: Maybe<Scalars['String']['output']>;
  /** Version of the personal-data consent text */
  version: Scalars['String']['output'];
};

/** Pending applications of one organization */
export type ApplicationCount = {
  __typename?: 'ApplicationCount';
  organization: Organization;
  pending: Scalars['Int']['output'];
};

/** The outcome for one id of a batch decision: decided, or the error for that id */
export type ApplicationDecision = {
  __typename?: 'ApplicationDecision';
  application: Maybe<MembershipApplication>;
  error: Maybe<DecisionError>;
  id: Scalars['ID']['output'];
  /** The member an approval created */
  memberId: Maybe<Scalars['ID']['output']>;
  ok: Scalars['Boolean']['output'];
};

/** Narrows the chair's inbox; all given conditions hold */
export type ApplicationInboxFilter = {
  /** true: only applications matching a member on record or an earlier application; false: only the others */
  matchesExisting: InputMaybe<Scalars['Boolean']['input']>;
  /** This organization's subtree (default: the viewer's whole reach) */
  organizationId: InputMaybe<Scalars['UUID']['input']>;
  /** Part of the applicant's name, e-mail, phone or SNILS */
  search: InputMaybe<Scalars['String']['input']>;
  /** Default PENDING */
  status: InputMaybe<ApplicationStatus>;
  /** Filed at or after this moment */
  submittedFrom: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Filed before this moment */
  submittedTo: InputMaybe<Scalars['DateTimeISO']['input']>;
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

/** Where a production batch is */
export type BatchStatus =
  | 'IN_PRODUCTION'
  | 'ISSUED'
  | 'ORDERED'
  | 'PRODUCED';

/** A member's bonus program account: participation, balance and history */
export type BonusAccount = {
  __typename?: 'BonusAccount';
  /** Cashback balance in kopecks: the sum of the ledger */
  balanceKopecks: Scalars['Kopecks']['output'];
  /** Ledger entries, newest first */
  history: Array<BonusLedgerEntry>;
  /** Null when the member never enrolled */
  participation: Maybe<BonusParticipation>;
};


/** A member's bonus program account: participation, balance and history */
export type BonusAccountHistoryArgs = {
  first: InputMaybe<Scalars['Int']['input']>;
};

/** How the member joined the bonus program */
export type BonusChannel =
  | 'ADMIN'
  | 'APP';

/** The bonus program in the subtree; money in kopecks */
export type BonusFigures = {
  __typename?: 'BonusFigures';
  /** Cashback returned on them, in kopecks */
  cashbackSumKopecks: Scalars['Kopecks']['output'];
  /** Today's members enrolled in the program */
  participants: Scalars['Int']['output'];
  /** Of them, enrolled in the mobile app */
  participantsViaApp: Scalars['Int']['output'];
  /** Sum of those purchases, in kopecks */
  purchaseSumKopecks: Scalars['Kopecks']['output'];
  /** Purchases in the period, counted where the buyer belonged then */
  purchases: Scalars['Int']['output'];
};

/** A movement of the member's cashback balance */
export type BonusLedgerEntry = {
  __typename?: 'BonusLedgerEntry';
  /** In kopecks; positive for an accrual, negative for a reversal */
  amountKopecks: Scalars['Kopecks']['output'];
  createdAt: Scalars['DateTimeISO']['output'];
  id: Scalars['ID']['output'];
  kind: LedgerEntryKind;
  /** The purchase that earned it */
  purchase: Maybe<Purchase>;
};

/** The member's participation in the bonus program */
export type BonusParticipation = {
  __typename?: 'BonusParticipation';
  /** False once the consent was withdrawn or the membership ended */
  active: Scalars['Boolean']['output'];
  channel: BonusChannel;
  enrolledAt: Scalars['DateTimeISO']['output'];
};

/** What a bulk enrollment did: counts and the ids of each group */
export type BulkEnrollment = {
  __typename?: 'BulkEnrollment';
  /** Already taking part: left as they were */
  alreadyEnrolled: Scalars['Int']['output'];
  alreadyEnrolledIds: Array<Scalars['ID']['output']>;
  enrolled: Scalars['Int']['output'];
  enrolledIds: Array<Scalars['ID']['output']>;
  /** Named members who are no longer members: not enrolled */
  notActive: Scalars['Int']['output'];
  notActiveIds: Array<Scalars['ID']['output']>;
  /** Active members without the consent to share data with the program: not enrolled */
  withoutConsent: Scalars['Int']['output'];
  withoutConsentIds: Array<Scalars['ID']['output']>;
};

/** Cards in use (issued plastic, active virtual, not expired) of today's members in the subtree */
export type CardCounts = {
  __typename?: 'CardCounts';
  /** Members with at least one card in use */
  holders: Scalars['Int']['output'];
  plastic: Scalars['Int']['output'];
  virtual: Scalars['Int']['output'];
};

/** Members with union cards and in the bonus program, against members on record (today) */
export type CardCoverage = {
  __typename?: 'CardCoverage';
  bonusParticipants: Ratio;
  /** Bonus participants who enrolled through the app */
  bonusParticipantsViaApp: Ratio;
  /** Members holding an issued, unexpired plastic card */
  plastic: Ratio;
  /** Members holding an active virtual card */
  virtual: Ratio;
};

/** A step of a card's life */
export type CardEvent = {
  __typename?: 'CardEvent';
  /** Token subject of who made the change, or system:<event> for automatic ones */
  actor: Maybe<Scalars['String']['output']>;
  /** Null for the card coming into being */
  fromStatus: Maybe<CardStatus>;
  id: Scalars['ID']['output'];
  occurredAt: Scalars['DateTimeISO']['output'];
  reason: Maybe<Scalars['String']['output']>;
  toStatus: CardStatus;
};

/** PLASTIC: the card of one design; VIRTUAL: its image in the mobile app */
export type CardKind =
  | 'PLASTIC'
  | 'VIRTUAL';

/** Where a card is in its life */
export type CardStatus =
  | 'ACTIVE'
  | 'BLOCKED'
  | 'IN_PRODUCTION'
  | 'ISSUED'
  | 'LOST'
  | 'ORDERED'
  | 'REPLACED'
  | 'REVOKED';

/** A partner's answer about a card shown at the till: never who holds it */
export type CardVerification = {
  __typename?: 'CardVerification';
  /** Whether the holder is a member of the union today */
  activeMember: Scalars['Boolean']['output'];
  /** Whether purchases with this card earn cashback (VALID and enrolled in the bonus program) */
  bonusEligible: Scalars['Boolean']['output'];
  /** Why, when not VALID */
  reason: Maybe<Scalars['String']['output']>;
  result: CardVerificationResult;
};

/** What a partner may rely on */
export type CardVerificationResult =
  | 'EXPIRED'
  | 'INVALID'
  | 'REVOKED'
  | 'VALID';

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
  /** Defaults to today; never in the future */
  date: InputMaybe<Scalars['LocalDate']['input']>;
  reason: Scalars['String']['input'];
};

/** How much of an organization's real membership the registry holds */
export type Coverage = {
  __typename?: 'Coverage';
  asOf: Scalars['LocalDate']['output'];
  /** Cards in use and bonus participants on asOf, among the members on record that day (card history is kept as periods). Cards of former members never count. */
  cards: Maybe<CardCoverage>;
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

/** Card holders and bonus participants on asOf, against the members on record that day */
export type CoverageTableCards = {
  __typename?: 'CoverageTableCards';
  bonusParticipants: Ratio;
  plastic: Ratio;
  virtual: Ratio;
};

/** A page of the coverage table, ordered by registry code */
export type CoverageTablePage = {
  __typename?: 'CoverageTablePage';
  pageInfo: PageInfo;
  rows: Array<CoverageTableRow>;
};

/** One organization of a subtree with its coverage: the same figures as its `coverage` field, flat */
export type CoverageTableRow = {
  __typename?: 'CoverageTableRow';
  /** Read only when selected (a pass over the members of the page) */
  cards: CoverageTableCards;
  code: Scalars['String']['output'];
  /** Levels below the table root */
  depth: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** CENTRAL, REGIONAL, TERRITORIAL or PRIMARY */
  level: Scalars['String']['output'];
  /** Members on the electronic record against the report */
  members: Ratio;
  name: Scalars['String']['output'];
  parentId: Maybe<Scalars['ID']['output']>;
  /** Registry codes from the table root down to this organization */
  path: Array<Scalars['String']['output']>;
  /** Primary organizations in the registry against the report */
  primaryOrganizations: Ratio;
  /** Date of the statistical report used as reference */
  reportDate: Maybe<Scalars['LocalDate']['output']>;
  /** Territorial organizations in the registry against the report */
  territorialOrganizations: Ratio;
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
  parentId: Scalars['UUID']['input'];
  primaryType: InputMaybe<PrimaryType>;
  shortName: InputMaybe<Scalars['String']['input']>;
  /** Two-digit federal subject code; inherited from the parent when omitted */
  subjectCode: InputMaybe<Scalars['String']['input']>;
};

/** A partner of the bonus program */
export type CreatePartnerInput = {
  /** Defaults to true */
  active: InputMaybe<Scalars['Boolean']['input']>;
  /** Cashback in basis points, 1..5000 (250 = 2.5 %) */
  cashbackRateBp: Scalars['Int']['input'];
  /** Kind of goods or services */
  category: Scalars['String']['input'];
  name: Scalars['String']['input'];
  /** Two-digit federal subject codes; empty or omitted: the whole country */
  regions: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Average share of mandatory fields filled, 0..1 */
export type DataCompleteness = {
  __typename?: 'DataCompleteness';
  memberRecords: Maybe<Scalars['Float']['output']>;
  passports: Maybe<Scalars['Float']['output']>;
};

/** Why one application of a batch was not decided */
export type DecisionError = {
  __typename?: 'DecisionError';
  /** The error code the single decision would give (DUPLICATE_PERSON, INVALID_STATE, NOT_FOUND, …) */
  code: Scalars['String']['output'];
  /** For DUPLICATE_PERSON: the member on record */
  memberId: Maybe<Scalars['ID']['output']>;
  message: Scalars['String']['output'];
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
  /** Generated share in percent, two decimals rounded half up */
  generatedPercent: Scalars['Float']['output'];
  level: Scalars['String']['output'];
  organizations: Scalars['Int']['output'];
  submitted: Scalars['Int']['output'];
  /** Submitted share in percent, two decimals rounded half up */
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

/** ACCRUAL adds cashback for a purchase; REVERSAL takes it back */
export type LedgerEntryKind =
  | 'ACCRUAL'
  | 'REVERSAL';

/** A member's electronic registration card */
export type Member = {
  __typename?: 'Member';
  /** The card in use (issued plastic or active virtual, not expired) of a member who is a member today. Without `kind`: the plastic card if there is one in use, else the virtual one. */
  activeCard: Maybe<UnionCard>;
  age: Scalars['Int']['output'];
  birthDate: Scalars['LocalDate']['output'];
  /** The bonus program account: participation, balance in kopecks, history */
  bonusAccount: Maybe<BonusAccount>;
  /** Every card the member has had, newest first, lost and revoked ones included */
  cards: Maybe<Array<UnionCard>>;
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


/** A member's electronic registration card */
export type MemberActiveCardArgs = {
  kind: InputMaybe<CardKind>;
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

/** A row of a members file that was not loaded */
export type MemberImportError = {
  __typename?: 'MemberImportError';
  errorCode: Scalars['String']['output'];
  /** Column of the file */
  field: Scalars['String']['output'];
  /** Line in the file (header = 1) */
  line: Scalars['Int']['output'];
  message: Scalars['String']['output'];
  registrationNumber: Maybe<Scalars['String']['output']>;
};

/** Outcome of a members import */
export type MemberImportReport = {
  __typename?: 'MemberImportReport';
  created: Scalars['Int']['output'];
  /** The per-row error report as CSV, for download */
  errorReportCsv: Scalars['String']['output'];
  errors: Array<MemberImportError>;
  rows: Scalars['Int']['output'];
  unchanged: Scalars['Int']['output'];
  updated: Scalars['Int']['output'];
};

/** A member's token: send it as `Authorization: Bearer <token>` */
export type MemberSignIn = {
  __typename?: 'MemberSignIn';
  expiresAt: Scalars['DateTimeISO']['output'];
  memberId: Scalars['ID']['output'];
  token: Scalars['String']['output'];
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
  birthDate: Scalars['LocalDate']['output'];
  category: MemberCategory;
  consent: ApplicationConsent;
  decidedAt: Maybe<Scalars['DateTimeISO']['output']>;
  email: Maybe<Scalars['String']['output']>;
  firstName: Scalars['String']['output'];
  fullName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lastName: Scalars['String']['output'];
  /** An active member record of the same person, found when the application was filed (reviewers) */
  matchedMember: Maybe<Member>;
  /** Patronymic */
  middleName: Maybe<Scalars['String']['output']>;
  /** The primary organization applied to */
  organization: Organization;
  phone: Maybe<Scalars['String']['output']>;
  position: Maybe<Scalars['String']['output']>;
  rejectionReason: Maybe<Scalars['String']['output']>;
  /** The earlier pending application of the same person this one repeats (reviewers) */
  repeatOf: Maybe<MembershipApplication>;
  sex: Maybe<Sex>;
  snils: Maybe<Scalars['String']['output']>;
  status: ApplicationStatus;
  submittedAt: Scalars['DateTimeISO']['output'];
};

export type MembershipApplicationConnection = {
  __typename?: 'MembershipApplicationConnection';
  edges: Array<MembershipApplicationEdge>;
  nodes: Array<MembershipApplication>;
  pageInfo: PageInfo;
  /** Matches of the filter across all pages */
  totalCount: Scalars['Int']['output'];
};

export type MembershipApplicationEdge = {
  __typename?: 'MembershipApplicationEdge';
  cursor: Scalars['String']['output'];
  node: MembershipApplication;
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
  organizationId: Scalars['UUID']['input'];
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
  /** For a merge: the other record (the one kept, on the duplicate; the duplicate, on the one kept) */
  relatedMemberId: Maybe<Scalars['ID']['output']>;
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
  /** Activates a virtual card in the app and returns its signed QR payload; again for an active card returns the payload */
  activateVirtualCard: VirtualCardActivation;
  /** Enters a member by hand (admins of the organization) */
  admitMember: Member;
  /** Files an application to join (no sign-in needed); its id is the receipt. The answer is the same whether or not the person is on record */
  applyForMembership: MembershipApplication;
  /** Approves an application: the member is created in the same transaction */
  approveApplication: ApprovalResult;
  /** Approves each application on its own (one refusal undoes none of the others); one result per id, in order */
  approveApplications: Array<ApplicationDecision>;
  /** Blocks a card in use (the holder or an admin) */
  blockCard: UnionCard;
  createOrganization: Organization;
  /** Adds a partner and returns its API key, this once */
  createPartner: PartnerWithApiKey;
  /** Enrolls a member in the bonus program (admins); the member's consent is required */
  enrollInBonusProgram: BonusAccount;
  /** Joins the bonus program from the app; needs the consent to share data with it */
  enrollMeInBonusProgram: BonusAccount;
  /** Enrolls many members at once (admins; MANAGE over every member named, else nothing is written): the members of memberIds (up to 10,000), or every active member of organizationId's subtree. Members without the consent are listed, not enrolled. */
  enrollMembersInBonusProgram: BulkEnrollment;
  /** The manufacturer's file (CSV: card_number, registration_number, expiry, region_code, organization_code). The first export puts the batch IN_PRODUCTION and fixes the cards’ expiry; later exports repeat the file. */
  exportCardBatch: Scalars['String']['output'];
  /** Generates (or regenerates, while a draft) the organization’s form for a report date */
  generateReportForm: ReportFormView;
  /** Imports members from CSV (registration_number,organization_code,last_name,first_name,middle_name,birth_date,sex,phone,email,snils,category,position,joined_on,consent_version,bonus_consent,guardian_name,status,left_on,exit_reason,transferred_on); keyed by registration number or SNILS, so importing a file again changes nothing. Required columns: organization_code, last_name, first_name, birth_date, category, joined_on, consent_version, and registration_number or snils (each row needs one of them); a header without them is one error on line 1 and nothing is read. On an update an empty cell means no change and a literal - clears an optional field (middle_name, sex, phone, email, snils, position, bonus_consent, guardian_name); a - in a required column is a row error; on a new member an empty optional cell is null. status LEFT, EXCLUDED or DECEASED with left_on (and exit_reason, required for EXCLUDED) records the exit as recordMemberExit does; a changed organization_code is a transfer on transferred_on (default today). Dates YYYY-MM-DD; formats: docs/import-formats.md. Large files: the CLI streams them (subgraphs/members/src/cli). */
  importMembers: MemberImportReport;
  /** Creates or updates organizations from CSV (code,parent_code,level,name,short_name,primary_type,subject_code,address,inn,ogrn,chair_name,chair_phone,chair_email), keyed by code; bad rows are reported, not loaded */
  importOrganizations: OrganizationImportReport;
  /** Loads report figures from CSV (organization_code,report_date,members,employees,students,primary_organizations,territorial_organizations) */
  importReportBaselines: BaselineImportReport;
  /** Issues a virtual card (ORDERED until activated); a second one in use is ALREADY_EXISTS */
  issueVirtualCard: UnionCard;
  /** Leaves the union, effective today */
  leaveUnion: Member;
  /** Liquidates an organization with no active children and no active members in its subtree (INVALID_STATE with the count otherwise: transfer them first); the date cannot be in the future */
  liquidateOrganization: Organization;
  /** The cards were handed out (PRODUCED → ISSUED): every card of a member becomes ISSUED today */
  markBatchIssued: ProductionBatch;
  /** The manufacturer delivered the batch (IN_PRODUCTION → PRODUCED) */
  markBatchProduced: ProductionBatch;
  /** Folds a duplicate record into the one kept (which must be ACTIVE); both keep their history, each with one MERGED event naming the other. The records must be one person by the duplicate rules (same SNILS, or same full name and birth date); otherwise only a central admin may merge them, stating a reason. */
  mergeMembers: Member;
  /** Merges an organization into another of its level; returns the one that remains. Its children move under that one; its own active members must be transferred there first (INVALID_STATE with the count otherwise) */
  mergeOrganization: Organization;
  /** Moves an organization with its whole subtree under a new parent */
  moveOrganization: Organization;
  /** Orders plastic cards for every active member of the subtree without one (and replacement cards not yet ordered). When there is nobody to order for, NOTHING_TO_ORDER: ordering twice creates nothing. */
  orderCardBatch: ProductionBatch;
  /** Ends a membership: leaving, exclusion (reason required) or death */
  recordMemberExit: Member;
  reinstateMember: Member;
  rejectApplication: MembershipApplication;
  /** Rejects each application on its own with the same reason; one result per id, in order */
  rejectApplications: Array<ApplicationDecision>;
  /** Replaces a damaged or expiring card (admins): the old one becomes REPLACED, the new one is returned */
  replaceCard: UnionCard;
  /** The card is lost: its number is refused from now on, and the new card (ORDERED, `replaces` the old) is returned */
  reportCardLost: UnionCard;
  /** Records a purchase and accrues its cashback. A retry with the same idempotency key and body returns the first result; the same key with another body is IDEMPOTENCY_CONFLICT. */
  reportPurchase: Purchase;
  /** Records up to 1000 purchases at once (a monthly report, a backfill), each as reportPurchase would, going back up to 400 days; eligibility is judged on each line's day. Lines are independent: each gets its purchase or its error, the accepted ones are written in one transaction. */
  reportPurchases: PurchaseBatchReport;
  /** Sends a one-time code to an active member's e-mail or phone (login: registration number, e-mail or phone) */
  requestSignInCode: SignInCodeRequest;
  /** Issues a new API key; the old one stops working at once */
  rotatePartnerApiKey: PartnerWithApiKey;
  /** Enters or corrects the report figures of one organization for one date */
  setReportBaseline: ReportFigures;
  /** Exchanges the code last sent to the login for a member token (valid at most an hour) */
  signIn: MemberSignIn;
  /** DRAFT → SUBMITTED; the parent’s form then counts it */
  submitReportForm: ReportFormView;
  /** Moves a member to another primary organization, keeping the history */
  transferMember: Member;
  /** Puts a blocked card back in use (admins) */
  unblockCard: UnionCard;
  updateMember: Member;
  updateMyContacts: Member;
  updateOrganization: Organization;
  updatePartner: Partner;
  /** Withdraws the consent to share data with the bonus program */
  withdrawBonusConsent: Member;
};


export type MutationActivateVirtualCardArgs = {
  cardId: Scalars['UUID']['input'];
};


export type MutationAdmitMemberArgs = {
  input: AdmitMemberInput;
};


export type MutationApplyForMembershipArgs = {
  input: MembershipApplicationInput;
};


export type MutationApproveApplicationArgs = {
  id: Scalars['UUID']['input'];
};


export type MutationApproveApplicationsArgs = {
  ids: Array<Scalars['UUID']['input']>;
};


export type MutationBlockCardArgs = {
  cardId: Scalars['UUID']['input'];
  reason: InputMaybe<Scalars['String']['input']>;
};


export type MutationCreateOrganizationArgs = {
  input: CreateOrganizationInput;
};


export type MutationCreatePartnerArgs = {
  input: CreatePartnerInput;
};


export type MutationEnrollInBonusProgramArgs = {
  memberId: Scalars['UUID']['input'];
};


export type MutationEnrollMembersInBonusProgramArgs = {
  memberIds: InputMaybe<Array<Scalars['UUID']['input']>>;
  organizationId: InputMaybe<Scalars['UUID']['input']>;
};


export type MutationExportCardBatchArgs = {
  batchId: Scalars['UUID']['input'];
};


export type MutationGenerateReportFormArgs = {
  organizationId: Scalars['UUID']['input'];
  periodStart: InputMaybe<Scalars['LocalDate']['input']>;
  reportDate: Scalars['LocalDate']['input'];
};


export type MutationImportMembersArgs = {
  csv: Scalars['String']['input'];
};


export type MutationImportOrganizationsArgs = {
  csv: Scalars['String']['input'];
};


export type MutationImportReportBaselinesArgs = {
  csv: Scalars['String']['input'];
};


export type MutationIssueVirtualCardArgs = {
  memberId: Scalars['UUID']['input'];
};


export type MutationLeaveUnionArgs = {
  reason: InputMaybe<Scalars['String']['input']>;
};


export type MutationLiquidateOrganizationArgs = {
  closure: ClosureInput;
  id: Scalars['UUID']['input'];
};


export type MutationMarkBatchIssuedArgs = {
  batchId: Scalars['UUID']['input'];
};


export type MutationMarkBatchProducedArgs = {
  batchId: Scalars['UUID']['input'];
};


export type MutationMergeMembersArgs = {
  duplicateId: Scalars['UUID']['input'];
  keepId: Scalars['UUID']['input'];
  reason: InputMaybe<Scalars['String']['input']>;
};


export type MutationMergeOrganizationArgs = {
  closure: ClosureInput;
  id: Scalars['UUID']['input'];
  intoId: Scalars['UUID']['input'];
};


export type MutationMoveOrganizationArgs = {
  id: Scalars['UUID']['input'];
  newParentId: Scalars['UUID']['input'];
};


export type MutationOrderCardBatchArgs = {
  organizationId: Scalars['UUID']['input'];
};


export type MutationRecordMemberExitArgs = {
  exit: ExitInput;
  id: Scalars['UUID']['input'];
};


export type MutationReinstateMemberArgs = {
  id: Scalars['UUID']['input'];
  movement: InputMaybe<MovementInput>;
  organizationId: InputMaybe<Scalars['UUID']['input']>;
};


export type MutationRejectApplicationArgs = {
  id: Scalars['UUID']['input'];
  reason: Scalars['String']['input'];
};


export type MutationRejectApplicationsArgs = {
  ids: Array<Scalars['UUID']['input']>;
  reason: Scalars['String']['input'];
};


export type MutationReplaceCardArgs = {
  cardId: Scalars['UUID']['input'];
  reason: InputMaybe<Scalars['String']['input']>;
};


export type MutationReportCardLostArgs = {
  cardId: Scalars['UUID']['input'];
  reason: InputMaybe<Scalars['String']['input']>;
};


export type MutationReportPurchaseArgs = {
  input: ReportPurchaseInput;
};


export type MutationReportPurchasesArgs = {
  input: Array<ReportPurchaseInput>;
};


export type MutationRequestSignInCodeArgs = {
  login: Scalars['String']['input'];
};


export type MutationRotatePartnerApiKeyArgs = {
  id: Scalars['UUID']['input'];
};


export type MutationSetReportBaselineArgs = {
  input: ReportBaselineInput;
};


export type MutationSignInArgs = {
  code: Scalars['String']['input'];
  login: Scalars['String']['input'];
};


export type MutationSubmitReportFormArgs = {
  id: Scalars['UUID']['input'];
};


export type MutationTransferMemberArgs = {
  id: Scalars['UUID']['input'];
  movement: InputMaybe<MovementInput>;
  toOrganizationId: Scalars['UUID']['input'];
};


export type MutationUnblockCardArgs = {
  cardId: Scalars['UUID']['input'];
  reason: InputMaybe<Scalars['String']['input']>;
};


export type MutationUpdateMemberArgs = {
  id: Scalars['UUID']['input'];
  input: MemberUpdateInput;
};


export type MutationUpdateMyContactsArgs = {
  email: InputMaybe<Scalars['String']['input']>;
  phone: InputMaybe<Scalars['String']['input']>;
};


export type MutationUpdateOrganizationArgs = {
  id: Scalars['UUID']['input'];
  input: OrganizationPassportInput;
};


export type MutationUpdatePartnerArgs = {
  id: Scalars['UUID']['input'];
  input: UpdatePartnerInput;
};

/** An organization of the union: the central council, a regional, territorial or primary one */
export type Organization = {
  __typename?: 'Organization';
  address: Maybe<Scalars['String']['output']>;
  /** From the central council down to the parent */
  ancestors: Array<Organization>;
  /** The bonus program in the whole subtree; purchases between `from` and `to` (inclusive, UTC dates) when given */
  bonusFigures: Maybe<BonusFigures>;
  /** Cards in use of today's members in the whole subtree */
  cardCounts: Maybe<CardCounts>;
  /** Personal data: for admins of this organization (FORBIDDEN otherwise) */
  chair: Maybe<Chair>;
  /** Direct children, by name; active ones unless `status` says otherwise */
  children: Array<Organization>;
  /** Date of liquidation or merger */
  closedOn: Maybe<Scalars['LocalDate']['output']>;
  /** Unique registry code */
  code: Scalars['String']['output'];
  /** Coverage of the subtree on a date (default today) against the latest report on or before it; FORBIDDEN outside your scope */
  coverage: Maybe<Coverage>;
  createdAt: Scalars['DateTimeISO']['output'];
  /** Distance from the central council (0 for the council itself) */
  depth: Scalars['Int']['output'];
  descendantCounts: DescendantCounts;
  /** Creation, changes, moves, liquidation, mergers; oldest first. For admins of this organization (FORBIDDEN otherwise) */
  history: Maybe<Array<OrganizationEvent>>;
  id: Scalars['ID']['output'];
  /** The institution's INN (10 digits, checksum validated) */
  inn: Maybe<Scalars['String']['output']>;
  level: OrganizationLevel;
  /** Active members of the whole subtree; on a past date from membership history (a future date is BAD_USER_INPUT) */
  memberCounts: Maybe<MemberCounts>;
  /** Members of the organization's whole subtree, by name (admins) */
  members: Maybe<MemberConnection>;
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
export type OrganizationBonusFiguresArgs = {
  from: InputMaybe<Scalars['LocalDate']['input']>;
  to: InputMaybe<Scalars['LocalDate']['input']>;
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
  ancestorId: InputMaybe<Scalars['UUID']['input']>;
  level: InputMaybe<OrganizationLevel>;
  /** Direct children of this organization */
  parentId: InputMaybe<Scalars['UUID']['input']>;
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

/** A partner of the bonus program */
export type Partner = {
  __typename?: 'Partner';
  /** An inactive partner can neither verify cards nor report purchases */
  active: Scalars['Boolean']['output'];
  /** First characters of the API key, to tell keys apart */
  apiKeyPrefix: Scalars['String']['output'];
  /** Cashback in basis points of the purchase sum: 250 = 2.5 % */
  cashbackRateBp: Scalars['Int']['output'];
  /** Kind of goods or services, e.g. "Книги", "Аптеки" */
  category: Scalars['String']['output'];
  createdAt: Scalars['DateTimeISO']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Federal subject codes where the partner operates; empty: the whole country */
  regions: Array<Scalars['String']['output']>;
  updatedAt: Scalars['DateTimeISO']['output'];
};

/** A new partner, or a partner with a new key: the key is shown this once */
export type PartnerWithApiKey = {
  __typename?: 'PartnerWithApiKey';
  /** Send as the X-Api-Key header; only its hash is stored, so keep it now */
  apiKey: Scalars['String']['output'];
  partner: Partner;
};

/** Which mandatory passport fields are filled */
export type Passport = {
  __typename?: 'Passport';
  /** Filled share of the mandatory fields, 0..1 */
  completeness: Scalars['Float']['output'];
  filled: Array<Scalars['String']['output']>;
  missing: Array<Scalars['String']['output']>;
};

/** A read of a member's (or an applicant's) personal data: who, whose record, which fields, when, through what */
export type PersonalDataAccess = {
  __typename?: 'PersonalDataAccess';
  /** The reader's roles at the time */
  actorRoles: Array<Scalars['String']['output']>;
  /** The reader's token subject */
  actorSubject: Scalars['String']['output'];
  /** Whose application was read: an applicant's details in the chair's inbox */
  applicationId: Maybe<Scalars['ID']['output']>;
  /** The fields of the record that were read */
  fields: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** Whose record was read (null for a read of an application) */
  memberId: Maybe<Scalars['ID']['output']>;
  /** The operation name the subgraph received (the gateway names its subgraph operations) */
  operationName: Maybe<Scalars['String']['output']>;
  /** Where the record sat in the response the subgraph gave (`_entities` for reads through the gateway) */
  path: Scalars['String']['output'];
  readAt: Scalars['DateTimeISO']['output'];
};

export type PersonalDataAccessConnection = {
  __typename?: 'PersonalDataAccessConnection';
  edges: Array<PersonalDataAccessEdge>;
  nodes: Array<PersonalDataAccess>;
  pageInfo: PageInfo;
  /** Matches of the filter across all pages */
  totalCount: Scalars['Int']['output'];
};

export type PersonalDataAccessEdge = {
  __typename?: 'PersonalDataAccessEdge';
  cursor: Scalars['String']['output'];
  node: PersonalDataAccess;
};

/** Narrows the personal-data access log; all given conditions hold */
export type PersonalDataAccessFilter = {
  actorSubject: InputMaybe<Scalars['String']['input']>;
  applicationId: InputMaybe<Scalars['UUID']['input']>;
  /** From this moment on (inclusive) */
  from: InputMaybe<Scalars['DateTimeISO']['input']>;
  memberId: InputMaybe<Scalars['UUID']['input']>;
  /** Before this moment (exclusive) */
  to: InputMaybe<Scalars['DateTimeISO']['input']>;
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

/** Plastic cards ordered for an organization subtree in one go */
export type ProductionBatch = {
  __typename?: 'ProductionBatch';
  /** Cards in the batch when it was ordered */
  cardCount: Scalars['Int']['output'];
  /** First export of the manufacturer's file */
  exportedAt: Maybe<Scalars['DateTimeISO']['output']>;
  id: Scalars['ID']['output'];
  issuedAt: Maybe<Scalars['DateTimeISO']['output']>;
  kind: CardKind;
  orderedAt: Scalars['DateTimeISO']['output'];
  orderedBy: Maybe<Scalars['String']['output']>;
  /** The organization whose subtree the batch was ordered for */
  organization: Organization;
  producedAt: Maybe<Scalars['DateTimeISO']['output']>;
  status: BatchStatus;
};

/** A purchase at a partner, with the cashback it earned */
export type Purchase = {
  __typename?: 'Purchase';
  /** Purchase sum in kopecks */
  amountKopecks: Scalars['Kopecks']['output'];
  /** Cashback accrued, in kopecks: floor(amount × rate / 10000) */
  cashbackKopecks: Scalars['Kopecks']['output'];
  /** The partner's cashback rate then, in basis points */
  cashbackRateBp: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** The partner's key for this report; a retry with the same key counts once */
  idempotencyKey: Scalars['String']['output'];
  occurredAt: Scalars['DateTimeISO']['output'];
  partner: Partner;
  recordedAt: Scalars['DateTimeISO']['output'];
};

/** A batch purchase report: counts and every line */
export type PurchaseBatchReport = {
  __typename?: 'PurchaseBatchReport';
  lines: Array<PurchaseReportLine>;
  /** Lines recorded now */
  recorded: Scalars['Int']['output'];
  /** Lines refused, each with its error */
  refused: Scalars['Int']['output'];
  /** Lines whose key was already recorded with the same body */
  replayed: Scalars['Int']['output'];
};

/** Why one line of a batch report was refused: the error a single report would have had */
export type PurchaseLineError = {
  __typename?: 'PurchaseLineError';
  /** The error code (BAD_USER_INPUT, NOT_FOUND, CARD_REVOKED, NOT_ENROLLED, IDEMPOTENCY_CONFLICT, …) */
  code: Scalars['String']['output'];
  /** The input field at fault */
  field: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

/** What became of one line of a batch report */
export type PurchaseReportLine = {
  __typename?: 'PurchaseReportLine';
  error: Maybe<PurchaseLineError>;
  /** The line, 1-based, in input order */
  line: Scalars['Int']['output'];
  /** The purchase recorded (or, replayed, the one recorded earlier with this key) */
  purchase: Maybe<Purchase>;
  /** The key was recorded earlier with this body: nothing new was written */
  replayed: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Pending applications per organization of the subtree (default: the viewer's reach); organizations with none left out */
  applicationCounts: Array<ApplicationCount>;
  /** Applications of the organizations the viewer decides for, oldest first (chairs' inbox) */
  applicationInbox: MembershipApplicationConnection;
  /** A card (its holder, or admins of their organization) */
  card: Maybe<UnionCard>;
  /** A card by its 16-digit number (admins); a wrong check digit is INVALID_CARD_NUMBER */
  cardByNumber: Maybe<UnionCard>;
  /** Every organization of a subtree (down to depth levels) with its coverage, one row each, in pages by registry code: one SQL statement per page. FORBIDDEN outside your scope */
  coverageTable: CoverageTablePage;
  /** The form as CSV and XLSX */
  exportReportForm: ReportFormExport;
  /** The signed-in member’s own record */
  me: Member;
  /** A member record (admins, within their subtree) */
  member: Maybe<Member>;
  /** An application, for the admins who review its organization's applications */
  membershipApplication: Maybe<MembershipApplication>;
  organization: Maybe<Organization>;
  /** An organization by its unique registry code */
  organizationByCode: Maybe<Organization>;
  /** Organizations matching a filter, ordered by name, a page at a time */
  organizations: OrganizationConnection;
  /** Partners by name; only active ones unless `includeInactive` */
  partners: Array<Partner>;
  /** Who read whose personal data, newest first (central admins) */
  personalDataAccessLog: PersonalDataAccessConnection;
  /** Records that may be one person (same SNILS or full name and birth date): two active ones, or an active and a former one */
  possibleDuplicates: Array<PossibleDuplicate>;
  productionBatch: Maybe<ProductionBatch>;
  /** Batches ordered for the organization's subtree, newest first (at most 200) */
  productionBatches: Array<ProductionBatch>;
  /** Children (or descendants of a level) of an organization ranked by a metric, as a progress table */
  ranking: Array<RankingRow>;
  reportForm: ReportFormView;
  /** How many organizations of a subtree generated and submitted their forms for a date */
  reportFormUsage: Array<FormUsageRow>;
  /** Per child of an organization (the regions of the union, the territorials of a region): its organizations of a level in the registry on the report date, how many generated and submitted their forms; highest generated share first */
  reportFormUsageByRegion: Array<RegionFormUsageRow>;
  /** The central council, root of the tree */
  root: Maybe<Organization>;
  /** Partners: is this card (typed number or QR payload) valid, and is its holder a member? Never who they are */
  verifyCard: CardVerification;
};


export type QueryApplicationCountsArgs = {
  organizationId: InputMaybe<Scalars['UUID']['input']>;
};


export type QueryApplicationInboxArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  filter: InputMaybe<ApplicationInboxFilter>;
  first: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCardArgs = {
  id: Scalars['UUID']['input'];
};


export type QueryCardByNumberArgs = {
  number: Scalars['String']['input'];
};


export type QueryCoverageTableArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  asOf: InputMaybe<Scalars['LocalDate']['input']>;
  depth: InputMaybe<Scalars['Int']['input']>;
  first: InputMaybe<Scalars['Int']['input']>;
  reportDate: InputMaybe<Scalars['LocalDate']['input']>;
  rootId: Scalars['UUID']['input'];
};


export type QueryExportReportFormArgs = {
  id: Scalars['UUID']['input'];
};


export type QueryMemberArgs = {
  id: Scalars['UUID']['input'];
};


export type QueryMembershipApplicationArgs = {
  id: Scalars['UUID']['input'];
};


export type QueryOrganizationArgs = {
  id: Scalars['UUID']['input'];
};


export type QueryOrganizationByCodeArgs = {
  code: Scalars['String']['input'];
};


export type QueryOrganizationsArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  filter: InputMaybe<OrganizationFilter>;
  first: InputMaybe<Scalars['Int']['input']>;
};


export type QueryPartnersArgs = {
  includeInactive: InputMaybe<Scalars['Boolean']['input']>;
  region: InputMaybe<Scalars['String']['input']>;
};


export type QueryPersonalDataAccessLogArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  filter: InputMaybe<PersonalDataAccessFilter>;
  first: InputMaybe<Scalars['Int']['input']>;
};


export type QueryPossibleDuplicatesArgs = {
  includeFormer?: Scalars['Boolean']['input'];
  organizationId: Scalars['UUID']['input'];
};


export type QueryProductionBatchArgs = {
  id: Scalars['UUID']['input'];
};


export type QueryProductionBatchesArgs = {
  organizationId: Scalars['UUID']['input'];
};


export type QueryRankingArgs = {
  asOf: InputMaybe<Scalars['LocalDate']['input']>;
  level: InputMaybe<RankingLevel>;
  metric: RankingMetric;
  order: InputMaybe<RankingOrder>;
  parentId: Scalars['UUID']['input'];
  reportDate: InputMaybe<Scalars['LocalDate']['input']>;
  threshold: InputMaybe<Scalars['Float']['input']>;
};


export type QueryReportFormArgs = {
  id: Scalars['UUID']['input'];
};


export type QueryReportFormUsageArgs = {
  organizationId: InputMaybe<Scalars['UUID']['input']>;
  reportDate: Scalars['LocalDate']['input'];
};


export type QueryReportFormUsageByRegionArgs = {
  level: InputMaybe<RankingLevel>;
  organizationId: InputMaybe<Scalars['UUID']['input']>;
  reportDate: Scalars['LocalDate']['input'];
};


export type QueryVerifyCardArgs = {
  payloadOrNumber: Scalars['String']['input'];
};

/** Rank all descendants of this level instead of the children */
export type RankingLevel =
  | 'PRIMARY'
  | 'REGIONAL'
  | 'TERRITORIAL';

export type RankingMetric =
  | 'BONUS_PARTICIPANTS'
  | 'MEMBERS_ON_RECORD'
  | 'MEMBER_RECORD_COMPLETENESS'
  | 'PASSPORT_COMPLETENESS'
  | 'PLASTIC_CARDS'
  | 'PRIMARY_ORGANIZATIONS_IN_REGISTRY'
  | 'VIRTUAL_CARDS'
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
  /** numerator / denominator in percent, rounded half up to two decimals (97.47); null without a reference figure. Rows are ranked by the exact share, so two rows printing the same percent keep their true order. */
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

/** A child organization's subtree (a region, a territorial…): its organizations of a level in the registry on the report date, and their forms */
export type RegionFormUsageRow = {
  __typename?: 'RegionFormUsageRow';
  code: Scalars['String']['output'];
  generated: Scalars['Int']['output'];
  /** Generated share in percent, two decimals rounded half up; null with no organizations */
  generatedPercent: Maybe<Scalars['Float']['output']>;
  /** The level counted */
  level: Scalars['String']['output'];
  name: Scalars['String']['output'];
  organization: Organization;
  /** Organizations of the level in the registry on the report date */
  organizations: Scalars['Int']['output'];
  /** 1 for the highest generated share (exact share, ties by name) */
  place: Scalars['Int']['output'];
  submitted: Scalars['Int']['output'];
  /** Submitted share in percent, two decimals rounded half up; null with no organizations */
  submittedPercent: Maybe<Scalars['Float']['output']>;
};

/** An organization's figures from the statistical report for a report date */
export type ReportBaselineInput = {
  employees: InputMaybe<Scalars['Int']['input']>;
  /** Omitted or null: unknown */
  members: InputMaybe<Scalars['Int']['input']>;
  organizationId: Scalars['UUID']['input'];
  primaryOrganizations: InputMaybe<Scalars['Int']['input']>;
  reportDate: Scalars['LocalDate']['input'];
  students: InputMaybe<Scalars['Int']['input']>;
  territorialOrganizations: InputMaybe<Scalars['Int']['input']>;
};

/** Report figures in effect: stated by the organization, or summed from its children */
export type ReportFigures = {
  __typename?: 'ReportFigures';
  employees: Maybe<Scalars['Int']['output']>;
  /** Null: unknown (the report does not give it, or one of the summed organizations did not) */
  members: Maybe<Scalars['Int']['output']>;
  primaryOrganizations: Maybe<Scalars['Int']['output']>;
  reportDate: Scalars['LocalDate']['output'];
  students: Maybe<Scalars['Int']['output']>;
  territorialOrganizations: Maybe<Scalars['Int']['output']>;
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

/** A purchase with a union card, as the partner reports it */
export type ReportPurchaseInput = {
  /** Purchase sum in kopecks, 1..1 000 000 000 (10 million RUB) */
  amountKopecks: Scalars['Kopecks']['input'];
  /** The card number as typed, or the QR payload of a virtual card */
  cardNumberOrPayload: Scalars['String']['input'];
  /** The partner's unique key for this purchase (1-100 printable characters): retries reuse it and count once */
  idempotencyKey: Scalars['String']['input'];
  /** When the purchase was made; within the last 90 days */
  occurredAt: Scalars['DateTimeISO']['input'];
};

export type Sex =
  | 'F'
  | 'M';

/** The same answer for every login, on record or not */
export type SignInCodeRequest = {
  __typename?: 'SignInCodeRequest';
  /** How long a code sent now stays valid */
  expiresInSeconds: Scalars['Int']['output'];
  sent: Scalars['Boolean']['output'];
};

/** An electronic union card (ЭПБ), plastic or virtual */
export type UnionCard = {
  __typename?: 'UnionCard';
  /** The production batch of a plastic card */
  batch: Maybe<ProductionBatch>;
  createdAt: Scalars['DateTimeISO']['output'];
  /** For a virtual card: the plastic card it duplicates */
  duplicates: Maybe<UnionCard>;
  /** Last day of validity; set when the card is produced or activated */
  expiresOn: Maybe<Scalars['LocalDate']['output']>;
  /** Every status change: who, when, why; oldest first */
  history: Array<CardEvent>;
  id: Scalars['ID']['output'];
  /** Handed to the member (plastic) or activated (virtual) */
  issuedOn: Maybe<Scalars['LocalDate']['output']>;
  kind: CardKind;
  /** The holder; their record comes from the members subgraph */
  member: Member;
  /** 16 digits: 9643, federal subject code, 9-digit serial, Luhn check digit */
  number: Scalars['String']['output'];
  /** The card this one was issued in place of */
  replaces: Maybe<UnionCard>;
  status: CardStatus;
  updatedAt: Scalars['DateTimeISO']['output'];
};

/** Fields of a partner to change; omitted fields stay */
export type UpdatePartnerInput = {
  /** An inactive partner is refused at once */
  active: InputMaybe<Scalars['Boolean']['input']>;
  /** Basis points; applies to purchases from now on */
  cashbackRateBp: InputMaybe<Scalars['Int']['input']>;
  category: InputMaybe<Scalars['String']['input']>;
  name: InputMaybe<Scalars['String']['input']>;
  regions: InputMaybe<Array<Scalars['String']['input']>>;
};

/** An activated virtual card and what its QR code encodes */
export type VirtualCardActivation = {
  __typename?: 'VirtualCardActivation';
  card: UnionCard;
  /** EPB1.<number>.<expiry YYYY-MM>.<key id>.<signature>: no personal data */
  qrPayload: Scalars['String']['output'];
};
