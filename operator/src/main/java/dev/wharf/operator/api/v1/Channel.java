package dev.wharf.operator.api.v1;

import dev.wharf.api.v1.ChannelSpec;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A live channel: generated ingest credentials and the packager pods that receive and serve it. */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@ShortNames("wch")
// crd-generator 7.5.2 orders printer columns by jsonPath (a case-insensitive TreeMap in
// AbstractCustomResourceHandler.handlePrinterColumns), whatever the order here or the priority. The
// paths are chosen so that the order is READY, ACTIVE INPUT, INGEST URLS: ".status.conditions" <
// ".status.ingestEndpoints[?(@.active" < ".status.ingestEndpoints[?(@.id". AGE (.metadata) comes first.
// Reason has priority 1: shown by kubectl get -o wide only.
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "Active Input", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.ingestEndpoints[?(@.active==true)].id")
@AdditionalPrinterColumn(name = "Ingest URLs", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.ingestEndpoints[?(@.id!=\"\")].url")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class Channel extends CustomResource<ChannelSpec, ChannelStatus> implements Namespaced {
    @Override
    protected ChannelSpec initSpec() {
        return new ChannelSpec();
    }
}
