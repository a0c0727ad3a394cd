import { allow, definePermissions } from '@registry/lib';
import {
  canSeeFigures,
  canSeeMemberCards,
  canSeePartners,
  isCardAdmin,
  isCardHolderOrAdmin,
  isCentralAdmin,
  isMember,
  isPartner,
} from './rules';

/**
 * Deny by default. ORG_ADMIN orders and manages cards of its subtree (scope checked by the
 * services); MEMBER sees and acts on its own cards (ownership checked by the services and by
 * `canSeeMemberCards`); ANALYST sees figures only; PARTNER only verifies cards and reports
 * purchases. Types below are reachable only through these guarded entry points.
 */
export const permissions = definePermissions({
  Query: {
    card: isCardHolderOrAdmin,
    cardByNumber: isCardAdmin,
    productionBatch: isCardAdmin,
    productionBatches: isCardAdmin,
    partners: canSeePartners,
    verifyCard: isPartner,
  },
  Mutation: {
    orderCardBatch: isCardAdmin,
    exportCardBatch: isCardAdmin,
    markBatchProduced: isCardAdmin,
    markBatchIssued: isCardAdmin,
    issueVirtualCard: isCardHolderOrAdmin,
    activateVirtualCard: isCardHolderOrAdmin,
    blockCard: isCardHolderOrAdmin,
    unblockCard: isCardAdmin,
    reportCardLost: isCardHolderOrAdmin,
    replaceCard: isCardAdmin,
    enrollInBonusProgram: isCardAdmin,
    enrollMeInBonusProgram: isMember,
    enrollMembersInBonusProgram: isCardAdmin,
    createPartner: isCentralAdmin,
    updatePartner: isCentralAdmin,
    rotatePartnerApiKey: isCentralAdmin,
    reportPurchase: isPartner,
    reportPurchases: isPartner,
  },
  Member: { id: allow, cards: canSeeMemberCards, activeCard: canSeeMemberCards, bonusAccount: canSeeMemberCards },
  Organization: { id: allow, cardCounts: canSeeFigures, bonusFigures: canSeeFigures },
  Partner: { '*': allow, apiKeyPrefix: isCentralAdmin },
  UnionCard: allow,
  CardEvent: allow,
  ProductionBatch: allow,
  VirtualCardActivation: allow,
  CardVerification: allow,
  CardCounts: allow,
  BonusFigures: allow,
  BonusAccount: allow,
  BonusParticipation: allow,
  BonusLedgerEntry: allow,
  Purchase: allow,
  PurchaseBatchReport: allow,
  PurchaseReportLine: allow,
  PurchaseLineError: allow,
  BulkEnrollment: allow,
  PartnerWithApiKey: allow,
});
