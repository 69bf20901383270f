package org.sila.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.FlagTerm;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.sila.channel.CursorStore;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.InboundReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads the association's mailbox. One thread keeps an IMAP connection, takes every mail above the last UID it
 * handled (kept per folder with its UIDVALIDITY in the {@link CursorStore}), hands each to the hub, and only once
 * the hub has stored it marks it seen and moves the cursor on. Then it waits: IMAP IDLE when the server has it,
 * otherwise the poll interval.
 *
 * <p>On the very first start (no cursor yet) only unseen mail is taken in: what staff had already read before the
 * hub came is not answered by the bot. After that every mail above the cursor is taken, read or not, so a mail
 * someone opened in webmail while the hub was down is not skipped. When the server renumbers the folder (a new
 * UIDVALIDITY) the whole folder is read again; {@code Message-ID} idempotency keeps that from storing anything
 * twice.
 */
final class ImapInbox implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImapInbox.class);
    private static final int BATCH = 50;
    /** Times the hub may fail to store one mail before it is kept aside so the mails behind it move on. */
    static final int MAX_STORE_FAILURES = 3;
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(5);

    private final EmailProperties.Imap settings;
    private final InboundMailMapper mapper;
    private final InboundGateway gateway;
    private final CursorStore cursors;
    private final Session session;
    private final String cursorKey;
    private final Map<Long, Integer> storeFailures = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final ScheduledExecutorService idleWatch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "email-imap-idle-watch");
        t.setDaemon(true);
        return t;
    });

    private volatile boolean running;
    private volatile Thread worker;
    private volatile Store store;
    private volatile IMAPFolder folder;
    /** The folder's message count when it was last read; mail arriving after that is not waited for. */
    private int knownCount;

    ImapInbox(EmailProperties.Imap settings, InboundMailMapper mapper, InboundGateway gateway, CursorStore cursors) {
        this.settings = settings;
        this.mapper = mapper;
        this.gateway = gateway;
        this.cursors = cursors;
        this.session = Session.getInstance(sessionProperties(settings));
        this.cursorKey = "email:imap:" + settings.username() + "@" + settings.host() + ":" + settings.effectivePort()
                + "/" + settings.folder();
    }

    private static Properties sessionProperties(EmailProperties.Imap settings) {
        Properties props = InboundMailMapper.sessionProperties();
        String protocol = settings.ssl() ? "imaps" : "imap";
        long timeout = Math.max(60_000, settings.pollInterval().toMillis() * 2);
        props.put("mail.store.protocol", protocol);
        props.put("mail." + protocol + ".connectiontimeout", "30000");
        props.put("mail." + protocol + ".timeout", Long.toString(timeout));
        props.put("mail." + protocol + ".writetimeout", "30000");
        // Reading a mail must not mark it seen: that happens only once the hub has stored it.
        props.put("mail." + protocol + ".peek", "true");
        if (settings.ssl()) {
            props.put("mail.imaps.ssl.checkserveridentity", "true");
        }
        return props;
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::run, "email-imap");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        signal();
        Thread thread = worker;
        closeQuietly(); // ends an IDLE in progress
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
    }

    /** Ends the IDLE watch thread with the context. */
    void close() {
        idleWatch.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Checks the folder now rather than at the end of the wait (tests, and a hint from outside). */
    void pollNow() {
        signal();
        IMAPFolder open = folder;
        if (open != null) {
            idleWatch.execute(() -> abortIdle(open));
        }
    }

    // ---- the loop ------------------------------------------------------------------------------------------

    private void run() {
        while (running) {
            try {
                IMAPFolder open = ensureOpen();
                pollOnce(open);
                waitForMail(open);
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                log.warn("Mailbox {}: {}; trying again", cursorKey, e.toString());
                closeQuietly();
                pause(RECONNECT_PAUSE.compareTo(settings.pollInterval()) < 0 ? RECONNECT_PAUSE : settings.pollInterval());
            }
        }
        closeQuietly();
    }

    private IMAPFolder ensureOpen() throws MessagingException {
        IMAPFolder open = folder;
        if (open != null && open.isOpen()) {
            return open;
        }
        closeQuietly();
        Store connected = session.getStore(settings.ssl() ? "imaps" : "imap");
        connected.connect(settings.host(), settings.effectivePort(), settings.username(), settings.password());
        store = connected;
        IMAPFolder opened = (IMAPFolder) connected.getFolder(settings.folder());
        opened.open(Folder.READ_WRITE);
        folder = opened;
        log.info("Mailbox {} open ({} IDLE)", cursorKey, idleSupported() ? "with" : "without");
        return opened;
    }

    private boolean idleSupported() {
        try {
            return store instanceof IMAPStore imap && imap.hasCapability("IDLE");
        } catch (MessagingException e) {
            return false;
        }
    }

    /** Takes in everything new, oldest first, a batch at a time. */
    void pollOnce(IMAPFolder open) throws MessagingException {
        knownCount = open.getMessageCount();
        long validity = open.getUIDValidity();
        Optional<Cursor> cursor = Cursor.parse(cursors.get(cursorKey).orElse(null));
        if (cursor.isEmpty()) {
            firstStart(open, validity);
            return;
        }
        long from = cursor.get().lastUid() + 1;
        if (cursor.get().validity() != validity) {
            log.warn("Mailbox {} was renumbered (UIDVALIDITY {} -> {}): reading it all again; Message-ID keeps "
                    + "anything from being stored twice", cursorKey, cursor.get().validity(), validity);
            from = 1;
            cursors.put(cursorKey, new Cursor(validity, 0).toString());
        }
        while (running) {
            List<Message> batch = byUid(open, open.getMessagesByUID(from, UIDFolder.MAXUID), from);
            for (Message message : batch) {
                long uid = open.getUID(message);
                take(message, uid);
                cursors.put(cursorKey, new Cursor(validity, uid).toString());
                from = uid + 1;
            }
            if (batch.size() < BATCH) {
                return;
            }
        }
    }

    /** No cursor yet: the unseen mail, then the cursor at the newest UID; a crash midway simply starts over. */
    private void firstStart(IMAPFolder open, long validity) throws MessagingException {
        long baseline = open.getUIDNext() > 0 ? open.getUIDNext() - 1 : highestUid(open);
        Message[] unseen = open.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        for (Message message : byUid(open, unseen, 1)) {
            long uid = open.getUID(message);
            if (uid <= baseline) {
                take(message, uid);
            }
        }
        cursors.put(cursorKey, new Cursor(validity, baseline).toString());
        log.info("Mailbox {}: first start, unseen mail taken in, cursor at UID {}", cursorKey, baseline);
    }

    private static long highestUid(IMAPFolder open) throws MessagingException {
        int count = open.getMessageCount();
        return count == 0 ? 0 : open.getUID(open.getMessage(count));
    }

    /** Sorted by UID, at most a batch, none below {@code from} (IMAP's "n:*" always includes the last mail). */
    private static List<Message> byUid(IMAPFolder open, Message[] messages, long from) throws MessagingException {
        var fetch = new jakarta.mail.FetchProfile();
        fetch.add(UIDFolder.FetchProfileItem.UID);
        open.fetch(messages, fetch);
        return Arrays.stream(messages).filter(m -> uidOf(open, m) >= from)
                .sorted(Comparator.comparingLong(m -> uidOf(open, m))).limit(BATCH).toList();
    }

    private static long uidOf(IMAPFolder open, Message message) {
        try {
            return open.getUID(message);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Hands one mail to the hub and marks it seen once stored (or ignored, or its bounce recorded on the message it
     * reports). A mail that cannot be read is stored kept aside at once; one the hub fails to store
     * {@value #MAX_STORE_FAILURES} times is stored kept aside too, so it never holds up the mails behind it. When
     * even that fails the hub's store is down: this throws, the cursor stays, and the mail is taken again later.
     */
    private void take(Message message, long uid) throws MessagingException {
        byte[] raw = raw(message);
        InboundMailMapper.Outcome outcome;
        try {
            outcome = mapper.map(raw);
        } catch (MessagingException | IOException | RuntimeException unreadable) {
            log.warn("Mailbox {}: UID {} cannot be read, kept aside: {}", cursorKey, uid, unreadable.toString());
            outcome = new InboundMailMapper.Outcome.Take(mapper.keptAside(raw, "unreadable: " + unreadable.getMessage()));
        }
        if (outcome instanceof InboundMailMapper.Outcome.Ignore ignore) {
            log.info("Mailbox {}: UID {} ignored: {}", cursorKey, uid, ignore.reason());
            message.setFlag(Flags.Flag.SEEN, true);
            return;
        }
        if (outcome instanceof InboundMailMapper.Outcome.Bounce bounce) {
            // The store being down throws here: the cursor stays and the report is read again later.
            gateway.deliveryUpdate(bounce.update());
            log.info("Mailbox {}: UID {} reports mail {} to {} failed: {}", cursorKey, uid,
                    bounce.update().externalId(), bounce.recipient(), bounce.update().errorCode());
            message.setFlag(Flags.Flag.SEEN, true);
            return;
        }
        InboundMessage inbound = ((InboundMailMapper.Outcome.Take) outcome).message();
        InboundReceipt receipt;
        try {
            receipt = gateway.receive(inbound);
        } catch (RuntimeException failed) {
            int failures = storeFailures.merge(uid, 1, Integer::sum);
            if (failures < MAX_STORE_FAILURES) {
                throw failed;
            }
            log.warn("Mailbox {}: UID {} could not be stored {} times, kept aside: {}", cursorKey, uid, failures,
                    failed.toString());
            receipt = gateway.receive(mapper.keptAside(raw, "could not be stored: " + failed.getMessage()));
        }
        storeFailures.remove(uid);
        message.setFlag(Flags.Flag.SEEN, true);
        log.debug("Mailbox {}: UID {} stored as {}{}", cursorKey, uid, receipt.messageId(),
                receipt.duplicate() ? " (already there)" : "");
    }

    private static byte[] raw(Message message) throws MessagingException {
        var out = new ByteArrayOutputStream();
        try {
            message.writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("Could not read the mail", e);
        }
        return out.toByteArray();
    }

    // ---- waiting -------------------------------------------------------------------------------------------

    private void waitForMail(IMAPFolder open) throws MessagingException {
        if (!running) {
            return;
        }
        if (idleSupported()) {
            // Mail that came between the read and now: some servers (GreenMail) announce only what arrives during
            // IDLE, so look before idling.
            noop(open);
            if (open.getMessageCount() != knownCount) {
                return;
            }
            // IDLE returns when the server reports a change; the watch ends it after the poll interval anyway,
            // so a connection that died quietly is noticed.
            ScheduledFuture<?> watch = idleWatch.schedule(() -> abortIdle(open),
                    settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            try {
                open.idle(true);
            } finally {
                watch.cancel(false);
            }
        } else {
            pause(settings.pollInterval());
        }
    }

    /**
     * A command on the folder from another thread ends its IDLE. It must be one that always goes to the server:
     * {@code getMessageCount()} skips its NOOP within a second of the last command and would leave IDLE running.
     */
    private static void abortIdle(IMAPFolder open) {
        try {
            if (open.isOpen()) {
                noop(open);
            }
        } catch (MessagingException | RuntimeException ignored) {
            // the loop notices a broken connection itself
        }
    }

    private static void noop(IMAPFolder open) throws MessagingException {
        open.doCommand(protocol -> {
            protocol.simpleCommand("NOOP", null);
            return null;
        });
    }

    private void pause(Duration duration) {
        lock.lock();
        try {
            if (running) {
                wake.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void closeQuietly() {
        IMAPFolder open = folder;
        Store connected = store;
        folder = null;
        store = null;
        try {
            if (open != null && open.isOpen()) {
                open.close(false);
            }
        } catch (MessagingException | RuntimeException ignored) {
            // closing anyway
        }
        try {
            if (connected != null) {
                connected.close();
            }
        } catch (MessagingException | RuntimeException ignored) {
            // closing anyway
        }
    }

    /** UIDVALIDITY and the last UID handled, stored as {@code validity:uid}. */
    record Cursor(long validity, long lastUid) {

        static Optional<Cursor> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            String[] parts = value.split(":");
            return Optional.of(new Cursor(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        }

        @Override
        public String toString() {
            return validity + ":" + lastUid;
        }
    }
}
