package com.authledger.api.rest;

import com.authledger.infra.RequestMetadata;
import com.authledger.secrets.DataKeyVault;
import com.authledger.secrets.MasterKeyRing;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.web.RequestMetadataResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator commands on the master key ring (admin keys only, as every non-GET call). Rotation itself happens before
 * the service starts ({@code --authledger.rotate-master-key}); once every node runs with the rotated ring, a re-wrap
 * moves the data keys onto the new current key. Events never change.
 */
@RestController
@RequestMapping(path = "/api/v1/admin/master-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Operations")
class MasterKeyController {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyController.class);

    record RewrapResponse(String currentKeyId, int rewrapped) {
    }

    private final DataKeyVault vault;
    private final MasterKeyRing masterKeys;
    private final RequestMetadataResolver metadata;

    MasterKeyController(DataKeyVault vault, MasterKeyRing masterKeys, RequestMetadataResolver metadata) {
        this.vault = vault;
        this.masterKeys = masterKeys;
        this.metadata = metadata;
    }

    @Operation(summary = "Re-wrap every data key under the current master key, after a rotation",
            description = "Idempotent: data keys already under the current key are left alone. Restart every node "
                    + "with the rotated key ring first: a node still on the old ring cannot open data keys "
                    + "re-wrapped under a key it does not hold.")
    @PostMapping("/rewrap")
    RewrapResponse rewrap(HttpServletRequest request) {
        RequestMetadata origin = metadata.resolve(request);
        String current = masterKeys.currentId();
        int rewrapped;
        try {
            rewrapped = vault.rewrap();
        } catch (MasterKeyRing.UnknownKey missing) {
            log.warn("{} asked for a re-wrap onto master key {}, but a data key is wrapped under {}, which this "
                    + "node's key ring does not hold (request {})", origin.actor(), current, missing.keyId(),
                    origin.requestId());
            throw new AuthledgerException(ErrorCode.MasterKeyUnavailable, "A data key is wrapped under master key "
                    + missing.keyId() + ", which this node's key ring does not hold: restart the node with the "
                    + "current key ring (or restore that key's line), then re-wrap again. Data keys moved before "
                    + "it stay moved.");
        }
        log.info("{} re-wrapped {} data keys onto master key {} (request {}, from {}, reason: {})", origin.actor(),
                rewrapped, current, origin.requestId(), origin.sourceIp(), origin.reason());
        return new RewrapResponse(current, rewrapped);
    }
}
