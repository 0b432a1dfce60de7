import type { VideoStatus } from "~/utils/api";

/**
 * The fields of a video the pages show (a video document from
 * `videos.getMyVideos` / `videos.getVideo`, which also adds `modelName`).
 * Declared here so the UI depends on what it reads, not the whole document.
 */
export type VideoView = {
  _id: string;
  /** The owner's users id. */
  userId?: string;
  prompt: string;
  /** The modelId, e.g. "luma/ray-2-720p". */
  model: string;
  modelName?: string;
  /** Seconds. */
  duration: number;
  quality: string;
  /** Credits charged at creation. */
  creditsCost: number;
  status: VideoStatus;
  /** 0..100 while starting/processing, when the model reports it. */
  progress?: number;
  outputUrl?: string;
  /** Every output (a multi-output request), the first being `outputUrl`. */
  outputUrls?: string[];
  /** Outputs asked for (absent = 1). */
  outputs?: number;
  /** The creator's input values sent to Replicate. */
  inputs?: Record<string, string | number | boolean>;
  error?: string;
  createdAt: number;
  startedAt?: number;
  completedAt?: number;
  /** True once the video's credits went back to the balance. */
  refunded?: boolean;
  /** True while the finished output is being copied into storage. */
  storing?: boolean;
  /** Set when the owner hid it from their lists. */
  hiddenAt?: number;
};
