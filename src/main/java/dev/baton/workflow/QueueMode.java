package dev.baton.workflow;

/** concurrency.queue: SINGLE (default, one pending member, older evicted) or MAX (up to 100 FIFO). */
public enum QueueMode { SINGLE, MAX }
