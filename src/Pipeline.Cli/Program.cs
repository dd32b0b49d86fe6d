using Pipeline.Cli;

return await Commands.Build().Parse(args).InvokeAsync();
