"""The run layer: what the command line, the API, compare, the quality harness and Dask share."""
