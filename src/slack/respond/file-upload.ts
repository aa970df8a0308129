import type { SlackClient } from '../actor.js';

/** The id of the first file in a files.uploadV2 reply (the SDK nests one completeUploadExternal reply per file). */
function firstFileId(reply: unknown): string | undefined {
  const outer = (reply as { files?: { files?: { id?: string }[] }[] }).files;
  return outer?.[0]?.files?.[0]?.id;
}

/**
 * Uploads a file without sharing it anywhere: only the bot owns it, and a message can show it as an
 * image block (`slack_file`). This is how a chart reaches an ephemeral answer without anyone else
 * seeing it, and reaches channels the bot is not a member of.
 */
export async function uploadPrivateFile(client: SlackClient, file: { bytes: Buffer; filename: string; title: string }): Promise<string> {
  const reply = await client.files.uploadV2({ file: file.bytes, filename: file.filename, title: file.title });
  const id = firstFileId(reply);
  if (!id) throw new Error('files.uploadV2 returned no file id');
  return id;
}

/** Uploads a file into the person's direct-message conversation with the bot, visible to them alone. */
export async function sendFileByDm(
  client: SlackClient,
  userId: string,
  file: { bytes: Buffer; filename: string; title: string; comment: string },
): Promise<string> {
  const dm = await client.conversations.open({ users: userId });
  const channel = dm.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  await client.files.uploadV2({
    channel_id: channel,
    file: file.bytes,
    filename: file.filename,
    title: file.title,
    initial_comment: file.comment,
  });
  return channel;
}
