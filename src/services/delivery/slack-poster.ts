/**
 * The port through which the delivery service (and the jobs that use it) reach Slack. It is declared
 * here, beside the rules that use it, so the service never imports a Slack module: the Web API poster
 * (src/slack/web-poster.ts) implements it for workers, and the recording poster (src/jobs/recording-poster.ts)
 * for the demo and `sales-bot digest run --out`.
 *
 * Pacing (about one chat.postMessage per second per channel) belongs to the implementation, not to the
 * service: a post resolves when Slack took the message, however long the poster had to wait for the
 * channel's slot. The Web API poster takes a ChannelPacer (in memory, or shared by every worker through
 * Redis: src/jobs/channel-pacer.ts), so callers never see the limit except as a slower post.
 */

/**
 * A message as the Block Kit builders produce it: notification text, top-level blocks and, when it has a
 * table, the one attachment that carries it (see src/slack/message-fields.ts for why tables go there).
 */
export interface OutgoingMessage {
  text: string;
  blocks: readonly unknown[];
  attachments?: readonly unknown[] | undefined;
}

export interface PostedMessage {
  /** The conversation the message is in (a DM posted to a user id comes back as its D… channel). */
  channel: string;
  ts: string;
}

/**
 * Slack message metadata (docs.slack.dev/messaging/message-metadata): invisible to people, returned by
 * conversations.history with include_all_metadata. Deliveries carry their key in it, so a retry can
 * find what an interrupted attempt already posted.
 */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, string | number | boolean>;
}

/** Where to look for an earlier post of a delivery, and how far back. */
export interface PostedQuery {
  /** The metadata event type and the delivery key in its payload. */
  eventType: string;
  deliveryKey: string;
  /** Messages older than this are not looked at. */
  oldest: Date;
}

/** A Slack user as the fan-outs need them: where to DM, their time zone, and whether they can still be reached. */
export interface SlackPerson {
  id: string;
  tz: string | undefined;
  /** Deactivated (`deleted` in users.info). */
  deleted: boolean;
}

/** What scheduled deliveries need from Slack. */
export interface SlackPoster {
  /**
   * chat.postMessage to a channel id or a user id (Slack opens the DM); `threadTs` replies in that thread.
   * A message showing a chart this poster uploaded waits for Slack to process it; if Slack still refuses
   * the image block, the message goes without it and the chart is shared in its thread (see src/slack/image-delivery.ts).
   */
  post(channel: string, message: OutgoingMessage, opts?: { threadTs?: string; metadata?: MessageMetadata }): Promise<PostedMessage>;
  /**
   * The bot's own top-level message in `channel` (a channel id, or a user id for the bot's DM with them)
   * whose metadata carries `query.deliveryKey`, posted since `query.oldest`; undefined when none is in
   * that bounded window (a few pages of conversations.history). A conversation the bot cannot read
   * throws a permanent SlackRefusal.
   */
  findPosted(channel: string, query: PostedQuery): Promise<PostedMessage | undefined>;
  /** chat.update of a message the bot posted (charts handled as in post). */
  update(channel: string, ts: string, message: OutgoingMessage): Promise<void>;
  /** files.uploadV2 without sharing it anywhere; returns the file id for an image block (`slack_file`). */
  uploadImage(file: { bytes: Buffer; filename: string; title: string }): Promise<string>;
  /** The user's IANA time zone from users.info, undefined when Slack does not say. */
  userTimeZone(userId: string): Promise<string | undefined>;
  /** users.info: the person, undefined when Slack does not know the id (errors other than that throw). */
  userInfo(userId: string): Promise<SlackPerson | undefined>;
  /** users.lookupByEmail: the person with this email, undefined when nobody in the workspace has it. */
  userByEmail(email: string): Promise<SlackPerson | undefined>;
}

/**
 * How a poster reports a call Slack refused, so the delivery rules can tell a bad destination (pause
 * and tell the owner) and a hopeless call (do not retry) from a passing failure without knowing Slack's
 * client. SlackSendError (src/slack/web-poster.ts) is the implementation.
 */
export abstract class SlackRefusal extends Error {
  /** Slack's error code, e.g. `channel_not_found`. */
  abstract readonly slackError: string;
  /** Retrying cannot help. */
  abstract readonly permanent: boolean;
  /** The destination itself is the problem (deleted, archived, bot not invited, person gone). */
  abstract readonly targetProblem: boolean;
}
