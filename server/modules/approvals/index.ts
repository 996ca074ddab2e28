export { approvalRoutes } from './approvals.routes';
export { onApprovalOutcome, submitForApproval, sweepOutcomes, type ApprovalOutcome, type Submission } from './approvals.service';
