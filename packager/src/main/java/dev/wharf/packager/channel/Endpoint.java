package dev.wharf.packager.channel;

import dev.wharf.api.v1.CmafPackageSpec;
import dev.wharf.api.v1.DashPackageSpec;
import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.api.v1.MssPackageSpec;
import dev.wharf.api.v1.OriginEndpointSpec;
import dev.wharf.packager.delivery.Cidr;
import dev.wharf.packager.store.ChannelKey;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * An origin endpoint at run time.
 *
 * @param cdnIdentifier the value requests must carry in {@value #CDN_IDENTIFIER_HEADER} (CDN authorization), or null
 */
public record Endpoint(ChannelKey channel, String name, OriginEndpointSpec spec, HlsPackageSpec hls, List<Cidr> whitelist,
                       byte[] cdnIdentifier) {
    public static final String CDN_IDENTIFIER_HEADER = "X-MediaPackage-CDNIdentifier";
    /** The identifier of an endpoint whose identifier could not be read: no request matches it. */
    public static final byte[] DENY_ALL = new byte[0];

    public Endpoint(ChannelKey channel, String name, OriginEndpointSpec spec, HlsPackageSpec hls, List<Cidr> whitelist) {
        this(channel, name, spec, hls, whitelist, null);
    }

    /**
     * True when the endpoint needs no CDN identifier, or {@code header} (the request's
     * {@value #CDN_IDENTIFIER_HEADER}, null when absent) is it; compared in constant time.
     */
    public boolean authorizes(String header) {
        if (cdnIdentifier == null) {
            return true;
        }
        return cdnIdentifier.length > 0 && header != null
                && MessageDigest.isEqual(cdnIdentifier, header.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Endpoint[" + channel + "/" + name + (cdnIdentifier == null ? "" : ", CDN authorization") + "]";
    }

    /** The CMAF package settings, or null when the endpoint is not a CMAF endpoint. */
    public CmafPackageSpec cmaf() {
        return spec.cmafPackage;
    }

    /** The DASH package settings, or null when the endpoint is not a DASH endpoint. */
    public DashPackageSpec dash() {
        return spec.dashPackage;
    }

    /** The Smooth Streaming package settings, or null when the endpoint is not an MSS endpoint. */
    public MssPackageSpec mss() {
        return spec.mssPackage;
    }

    /** True when the endpoint's whitelist lets this client play (an empty whitelist allows everyone). */
    public boolean allows(InetAddress client) {
        if (whitelist.isEmpty()) {
            return true;
        }
        for (Cidr c : whitelist) {
            if (c.contains(client)) {
                return true;
            }
        }
        return false;
    }
}
