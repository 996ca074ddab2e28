export { approvalRoutes } from './approvals.routes';
export { onApprovalOutcome, submitForApproval, finishStaleTransitions, type ApprovalOutcome, type Submission } from './approvals.service';
export { Approval } from './approval.model';
