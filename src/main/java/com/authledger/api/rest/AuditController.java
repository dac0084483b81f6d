package com.authledger.api.rest;

import com.authledger.api.rest.PoolResponses.PageResponse;
import com.authledger.audit.AuditEntry;
import com.authledger.audit.AuditExport;
import com.authledger.audit.AuditFilter;
import com.authledger.audit.AuditQueries;
import com.authledger.limits.RefusalTally;
import com.authledger.pool.PoolId;
import com.authledger.pool.UserPool;
import com.authledger.pool.read.PoolMfaConfigQueries;
import com.authledger.shared.InvalidInput;
import com.authledger.shared.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * The audit trail of MFA configuration changes, per pool and across pools: a JSON page, or with format=jsonl|csv
 * the whole matching trail streamed as an export.
 */
@RestController
@Tag(name = "Audit history")
class AuditController {

    private final AuditQueries audit;
    private final AuditExport export;
    private final PoolMfaConfigQueries pools;
    private final RefusalTally refusals;

    AuditController(AuditQueries audit, AuditExport export, PoolMfaConfigQueries pools, RefusalTally refusals) {
        this.audit = audit;
        this.export = export;
        this.pools = pools;
        this.refusals = refusals;
    }

    @Operation(summary = "MFA configuration changes of one pool, oldest first",
            responses = @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
                    description = "A JSON page, or with format=jsonl|csv the whole matching trail",
                    content = {@Content(mediaType = "application/json"), @Content(mediaType = "application/jsonl"),
                            @Content(mediaType = "text/csv")}))
    @GetMapping(path = "/api/v1/pools/{poolId}/mfa-config/history")
    PageResponse<AuditEntry> poolHistory(@PathVariable String poolId, @ParameterObject TrailQuery query,
                                         HttpServletResponse response) throws IOException {
        pools.pool(PoolId.requireValid(poolId)).orElseThrow(UserPool::notFound);
        return answer(poolId, query, response);
    }

    @Operation(summary = "MFA configuration changes across pools, oldest first",
            responses = @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
                    description = "A JSON page, or with format=jsonl|csv the whole matching trail",
                    content = {@Content(mediaType = "application/json"), @Content(mediaType = "application/jsonl"),
                            @Content(mediaType = "text/csv")}))
    @GetMapping(path = "/api/v1/audit/mfa-config")
    PageResponse<AuditEntry> allHistory(@RequestParam(required = false) String poolId,
                                        @ParameterObject TrailQuery query,
                                        HttpServletResponse response) throws IOException {
        return answer(poolId == null ? null : PoolId.requireValid(poolId), query, response);
    }

    @Operation(summary = "Refusals counted per pool, reason and hour (unknown names, wrong guesses, limits reached)",
            description = "What the refused requests left behind: a count per pool, reason and hour, never a row per "
                    + "request. poolId filters one pool; refusals that named no pool (RATE_LIMITED) have none. "
                    + "from and to bound the hours' starts. A node's counts of the last 10 seconds are not here yet.")
    @GetMapping(path = "/api/v1/audit/refusals")
    PageResponse<RefusalTally.Count> refusals(@RequestParam(required = false) String poolId,
                                              @RequestParam(required = false) String from,
                                              @RequestParam(required = false) String to,
                                              @RequestParam(required = false) String pageSize,
                                              @RequestParam(required = false) String pageToken) {
        Page<RefusalTally.Count> page = refusals.find(poolId == null ? null : PoolId.requireValid(poolId),
                Params.instant("from", from), Params.instant("to", to),
                Page.size(Params.wholeNumber("pageSize", pageSize)), Page.after(pageToken));
        return new PageResponse<>(page.items(), page.nextPageToken());
    }

    /** The query parameters both listings take: the filter, the page and the format. */
    record TrailQuery(String from, String to, String actor, @Schema(type = "integer", format = "int32") String pageSize,
                      String pageToken, String format) {
    }

    private PageResponse<AuditEntry> answer(String poolId, TrailQuery query, HttpServletResponse response)
            throws IOException {
        AuditFilter filter = new AuditFilter(poolId, Params.instant("from", query.from()),
                Params.instant("to", query.to()), query.actor());
        Integer pageSize = Params.wholeNumber("pageSize", query.pageSize());
        String pageToken = query.pageToken();
        String format = query.format();
        if (format == null || format.isEmpty() || format.equals("json")) {
            Page<AuditEntry> page = audit.find(filter, Page.size(pageSize), Page.after(pageToken));
            return new PageResponse<>(page.items(), page.nextPageToken());
        }
        AuditExport.Format exportFormat = switch (format) {
            case "jsonl" -> AuditExport.Format.JSONL;
            case "csv" -> AuditExport.Format.CSV;
            default -> throw new InvalidInput("format", "must be json, jsonl or csv");
        };
        response.setStatus(200);
        response.setContentType(exportFormat.mediaType() + ";charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"mfa-config-audit." + format + "\"");
        export.write(filter, exportFormat, response.getOutputStream());
        return null;
    }
}
