import { randomUUID } from 'node:crypto';
import { ActivityTypes, BotAdapter, TurnContext } from 'botbuilder';
import type { Activity, ConversationReference, Middleware, ResourceResponse } from 'botbuilder';

const repliesKey = Symbol('consoleReplies');

/**
 * Runs one bot turn for the agent console's staff box and hands back the replies, instead of posting them to a
 * channel: the console's HTTP request is the channel. Only the middleware it is given runs (the host's tenant,
 * locale and staff middleware), and the turn state may be prepared before it does (the staff identity).
 */
export class ConsoleTurnAdapter extends BotAdapter {
  constructor(middleware: readonly Middleware[]) {
    super();
    this.use(...middleware);
  }

  /** Runs `logic` for `activity` after `prepare` set up the turn state; resolves with the messages the bot sent. */
  async turn(activity: Partial<Activity>, prepare: (context: TurnContext) => void, logic: (context: TurnContext) => Promise<void>): Promise<Array<Partial<Activity>>> {
    const context = new TurnContext(this, activity);
    const replies: Array<Partial<Activity>> = [];
    context.turnState.set(repliesKey, replies);
    prepare(context);
    await this.runMiddleware(context, logic);
    return replies;
  }

  override async sendActivities(context: TurnContext, activities: Array<Partial<Activity>>): Promise<ResourceResponse[]> {
    const replies = context.turnState.get(repliesKey) as Array<Partial<Activity>> | undefined;
    return activities.map((activity) => {
      const id = randomUUID();
      if (activity.type === ActivityTypes.Message) replies?.push({ ...activity, id });
      return { id };
    });
  }

  override async updateActivity(): Promise<void> {
    throw new Error('the agent console does not update sent activities');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('the agent console does not delete sent activities');
  }

  override async continueConversation(_reference: Partial<ConversationReference>): Promise<void> {
    throw new Error('the agent console has no proactive messages');
  }
}
