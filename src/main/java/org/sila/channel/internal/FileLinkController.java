package org.sila.channel.internal;

import org.sila.channel.FileLinks;
import org.sila.channel.OutboundFiles;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves an outbound message's file to whoever holds a signed link ({@link FileLinks}): the provider fetching a
 * staff member's file to deliver it. A missing, wrong or expired signature is a 403 before the store is read; a
 * file that does not exist is a 404.
 */
@RestController
class FileLinkController {

    private final FileLinks links;
    private final OutboundFiles files;

    FileLinkController(FileLinks links, OutboundFiles files) {
        this.links = links;
        this.files = files;
    }

    @GetMapping({FileLinks.PATH + "/{messageId}/{index}", FileLinks.PATH + "/{messageId}/{index}/{name}"})
    ResponseEntity<byte[]> file(@PathVariable String messageId, @PathVariable String index,
                                @RequestParam(required = false) String expires,
                                @RequestParam(required = false) String signature) {
        int i;
        long until;
        try {
            i = Integer.parseInt(index);
            until = Long.parseLong(expires == null ? "" : expires);
        } catch (NumberFormatException e) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        if (!links.valid(messageId, i, until, signature)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        return files.file(messageId, i).map(f -> FileLinks.download(f.attachment()))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }
}
