from advisor.cli.launch import main

main()
