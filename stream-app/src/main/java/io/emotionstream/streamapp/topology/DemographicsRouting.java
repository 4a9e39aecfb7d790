package io.emotionstream.streamapp.topology;

/**
 * Where an event's demographics go with its predictions: onto the public predictions topics or not
 * ({@link PublishedDemographics}), and onto the bias monitor's internal feed when the monitor runs. The feed carries
 * the groups and never the subject id, which no statistic of the monitor uses.
 */
public record DemographicsRouting(PublishedDemographics published, boolean monitorFeed) {
    /** Withheld from the public topics, fed to the monitor. */
    public static final DemographicsRouting DEFAULT = new DemographicsRouting(PublishedDemographics.WITHHELD, true);
}
