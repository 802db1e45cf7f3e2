import { issueJoinTokenProcedure } from './issue-join-token.procedure';
import { router } from '../../edge/trpc';

export const joinTokensRouter = router({ issue: issueJoinTokenProcedure });
