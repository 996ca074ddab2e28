import { approvalsZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: approvalsZh['approvals.request'] });
