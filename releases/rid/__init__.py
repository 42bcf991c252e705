"""The Release Implementation Document: assembled from live data, baselined, compared, rendered."""
