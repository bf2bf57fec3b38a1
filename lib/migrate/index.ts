/** The per-namespace migration: preflight, plan, verify (pure), preview/apply/rollback (through a ClusterSource), export. */

export { rollbackBoundsProblems, STEP_WRITES, stepMayWrite } from './bounds';
export type { EnrolOptions, EnrolPreview, EnrolProgress, EnrolResult, EnrolRollbackResult } from './enrol';
export {
  applyEnrolment,
  ENROL_STEP_IDS,
  enrolBlockers,
  enrolmentToken,
  enrolRefusal,
  enrolSteps,
  previewEnrolment,
  rollbackEnrolment,
  rollbackOrder,
} from './enrol';
export type { EnrolRollbackPreview, ObjectRollback, RecordRollbackPreview } from './enrol-rollback';
export { previewEnrolmentRollback } from './enrol-rollback';
export type { ApplyOptions, ApplyResult } from './execute-apply';
export { applyStep } from './execute-apply';
export type { ChangeKind, ChangePreview, StepPreview } from './execute-preview';
export { previewStep } from './execute-preview';
export type { RollbackOptions, RollbackPreview, RollbackRefusal, RollbackResult } from './execute-rollback';
export { previewRollback, rollbackStep } from './execute-rollback';
export type { ExportedFile } from './export';
export { exportPlan } from './export';
export type { MissingPermission, StepPermissions } from './permissions';
export { checkAccess, requiredAccess, rollbackAccess, stepPermissions } from './permissions';
export { planNamespace, stepChangeRefs, stepOf } from './plan';
export { namespaceFindings } from './preflight';
export type { ClusterCheck } from './preflight-cluster';
export { clusterChecks } from './preflight-cluster';
export type {
  MigrationRecord,
  PriorState,
  RecordChange,
  RecordSigner,
  RecordStatus,
  RecordTrust,
} from './records';
export {
  listRecords,
  listRecordsWithTrust,
  parseRecord,
  RECORD_KEY,
  RECORD_SIGNATURE_ANNOTATION,
  recordTrust,
  signedRecordConfigMap,
} from './records';
export type { WorkloadRollout } from './rollout';
export { rolloutProgress } from './rollout';
export { confirmationToken, forceConfirmation } from './token';
export type {
  ServiceSignals,
  ServiceVerdict,
  SignalSamples,
  TrafficBaseline,
  TrafficCheck,
  TrafficThresholds,
  TrafficVerdict,
} from './traffic';
export { DEFAULT_THRESHOLDS, signalQueries, signalsFromSamples, trafficVerdict } from './traffic';
export type {
  Finding,
  FindingSeverity,
  MigrationPlan,
  PlannedDelete,
  PlannedPatch,
  PlanOptions,
  Step,
  StepId,
  TargetRef,
  VerifyCheck,
  VerifyResult,
} from './types';
export { isStepId, RESTART_AT_APPLY, STEP_IDS } from './types';
export type { VerifyOptions } from './verify';
export { verifyStep } from './verify';
export type { CheckedOf, SavingOf } from './wave-inputs';
export { namespaceChecks, waveNamespaces, waveRelations } from './wave-inputs';
export type { SavedWaves } from './wave-store';
export { parseWaves, savedWaves, WavesInput, wavesConfigMap } from './wave-store';
export type { Bond, NamespaceEdge, Wave, WaveEntry, WaveNamespace, WavePlan } from './waves';
export { planWaves } from './waves';
