import type { Clock } from '../../services/store/documentStore.ts';
import type { Logger } from '../../services/log/logger.ts';
import type { ConversationStore } from './conversationStore.ts';
import type { TokenSigner } from './tokenSigner.ts';

/** What every route of the local Direct Line shares. */
export interface ChannelContext {
  signer: TokenSigner;
  conversations: ConversationStore;
  clock: Clock;
  logger: Logger;
  botEndpoint: () => string;
  serviceUrl: () => string;
  defaultTenant: string;
}
