import { issueJoinTokenProcedure } from '../procedures/issue-join-token.procedure';
import { router } from '../trpc';

export const joinTokensRouter = router({ issue: issueJoinTokenProcedure });
